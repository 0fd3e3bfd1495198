package io.learnopt.optim;

/**
 * A transformation of the gradient applied before an update rule, such as clipping; optax's {@code
 * GradientTransformation} restricted to the gradient side. It is kept apart from {@link Optimizer}
 * because its output is a gradient, not an update u (θ ← θ + u), and mixing the two sign
 * conventions in one type invites bugs. Compose with a rule by {@link Optimizers#chain}.
 *
 * <p>Like an optimizer it is immutable and thread-safe; its per-run data lives in its {@link
 * State}.
 */
public interface GradientTransform {

  /** The per-run mutable data of a transformation (e.g. the last measured norm). */
  interface State {
    /** Writes this state's arrays and counters into {@code out}. */
    default void save(NamedArrays out) {}

    /** Reads them back. */
    default void restore(NamedArrays in) {}
  }

  /** A fresh state for a run over {@code coordinates} parameters. */
  State init(int coordinates);

  /**
   * Writes the transformed gradient into {@code out} and advances {@code state}. All arrays have
   * the length given to {@link #init}. {@code out} may be {@code grad} itself (in-place), and
   * {@code grad} is otherwise left unchanged.
   */
  void apply(float[] grad, float[] params, State state, float[] out);

  /** A short name for tables and plots, e.g. {@code clip(1.0)}. */
  String name();
}
