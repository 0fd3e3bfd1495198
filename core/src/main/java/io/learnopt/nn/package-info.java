/**
 * Models to be optimized (optimizees): activations, the multi-layer perceptron of the L2L MNIST
 * experiments and the convolutional net of few-shot learning ({@link io.learnopt.nn.ConvNet}), with
 * their parameters laid out in one flat vector and gradients from the {@link
 * io.learnopt.autodiff.Tape}.
 */
package io.learnopt.nn;
