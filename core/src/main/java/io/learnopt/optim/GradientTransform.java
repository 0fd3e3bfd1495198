package io.learnopt.optim;

/**
 * One step of an update rule, optax's {@code GradientTransformation}: it maps a gradient (or what
 * earlier transformations made of it) to a new vector, keeping its per-run data in a {@link State}.
 * Composed by {@link Chain}, transformations make whole rules, e.g. Adam = {@code
 * chain(scaleByAdam(β₁, β₂, ε), scale(−lr))}; the last one's output is the update u (θ ← θ + u), so
 * a rule ends in a negative {@link Scale}. {@link Aliases} defines the registered rules this way.
 *
 * <p>Like an optimizer, a transformation is immutable and thread-safe.
 */
public interface GradientTransform extends java.io.Serializable {

  /** The per-run mutable data of a transformation; like an optimizer's, it saves and restores. */
  interface State {
    /** As {@link Optimizer.State#save}. */
    void save(NamedArrays out);

    /** As {@link Optimizer.State#restore}. */
    void restore(NamedArrays in);
  }

  /** A fresh state for a run over {@code coordinates} parameters. */
  State init(int coordinates);

  /**
   * Writes the transformed vector into {@code out} and advances {@code state}. All arrays have the
   * length given to {@link #init}. {@code out} may be {@code grad} itself (in place), and {@code
   * grad} is otherwise left unchanged.
   */
  void apply(float[] grad, float[] params, State state, float[] out);

  /** A short name for tables and plots, e.g. {@code clip(1.0)}. */
  String name();
}
