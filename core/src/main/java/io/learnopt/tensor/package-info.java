/** Flat float32 storage, Vector API kernels with scalar reference kernels, and the seeded Rng. */
package io.learnopt.tensor;
