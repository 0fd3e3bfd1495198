/**
 * Hand-designed optimizers in the style of optax: small gradient transformations ({@link
 * io.learnopt.optim.ScaleByAdam}, {@link io.learnopt.optim.Trace}, {@link io.learnopt.optim.Scale},
 * ...) composed by {@link io.learnopt.optim.Chain} into {@link io.learnopt.optim.Optimizer}s; the
 * registered rules as such chains ({@link io.learnopt.optim.Aliases}); and the registry that parses
 * specs such as {@code adam:lr=1e-3} ({@link io.learnopt.optim.Optimizers}).
 *
 * <p>Transformations and rules are immutable; each run's mutable data lives in a {@code State}
 * allocated once in {@code init}, which saves and restores itself as {@link
 * io.learnopt.optim.NamedArrays} for checkpoints. {@code update} allocates nothing.
 */
package io.learnopt.optim;
