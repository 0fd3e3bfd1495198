/**
 * Files in and out: atomic writes, a small strict JSON reader/writer, and the safetensors format
 * for checkpoints. JDK only; every writer goes through {@link io.learnopt.io.AtomicFiles} so a
 * crash never leaves a half-written file under the final name.
 */
package io.learnopt.io;
