/**
 * Hand-designed optimizers behind the {@link io.learnopt.optim.Optimizer} interface, gradient
 * transformations that compose with them ({@link io.learnopt.optim.Chain}), and the registry that
 * parses specs such as {@code adam:lr=1e-3} ({@link io.learnopt.optim.Optimizers}).
 *
 * <p>Each optimizer is an immutable record of hyper-parameters validated in its constructor, with
 * its own mutable {@code State} allocated once in {@code init}; {@code update} allocates nothing.
 */
package io.learnopt.optim;
