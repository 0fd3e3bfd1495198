/**
 * Models to be optimized (optimizees): activations and the multi-layer perceptron of the L2L MNIST
 * experiments, with their parameters laid out in one flat vector and gradients from the {@link
 * io.learnopt.autodiff.Tape}.
 */
package io.learnopt.nn;
