/**
 * Datasets for optimizee tasks: the IDX file format ({@link io.learnopt.data.IdxReader}), MNIST
 * ({@link io.learnopt.data.Mnist}, shipped in the repository's {@code data/mnist/}), labelled
 * splits ({@link io.learnopt.data.Split}) and seeded minibatches drawn from them ({@link
 * io.learnopt.data.MinibatchStream}). JDK only; every corrupt or missing file is a {@link
 * io.learnopt.LearnoptException} that names the file, the problem and the fix.
 */
package io.learnopt.data;
