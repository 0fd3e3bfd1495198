/**
 * A small reverse-mode tape for optimizee models: {@link io.learnopt.autodiff.Tape} records the
 * operations of one forward pass on {@link io.learnopt.autodiff.Var}s and {@link
 * io.learnopt.autodiff.Tape#backward} plays them back in reverse, accumulating gradients into the
 * leaves. Parameters can be views into one flat vector, so their gradients land at the same offsets
 * of one flat gradient vector, which is what every optimizer in learnopt consumes.
 */
package io.learnopt.autodiff;
