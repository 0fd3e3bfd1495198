/**
 * Files in and out: atomic writes, a small strict JSON reader/writer, the safetensors format for
 * checkpoints, and TensorBoard event files for training curves. JDK only; every writer of a
 * finished file goes through {@link io.learnopt.io.AtomicFiles} so a crash never leaves a
 * half-written file under the final name. The one exception is {@link
 * io.learnopt.io.TensorBoardWriter}, whose file TensorBoard follows while it grows: it appends one
 * whole record per write instead.
 */
package io.learnopt.io;
