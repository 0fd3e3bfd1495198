package io.learnopt.optim;

import io.learnopt.tensor.ParameterGroups;

/**
 * An update rule over a flat vector of N parameter coordinates, in the style of optax: the rule is
 * immutable and thread-safe, and all mutable data of one optimization run lives in its {@link
 * State}, which {@link #update} advances in place (the JVM punishes allocating large arrays every
 * step).
 *
 * <p>Usage in any training loop: {@code State s = opt.init(n); loop { grad = ...; opt.update(grad,
 * params, s, u); params += u; }}
 *
 * <p>Rules are serializable (hyper-parameters and, for learned ones, φ), so a distributed evaluator
 * can run the same rule on every worker; states are not.
 */
public interface Optimizer extends java.io.Serializable {

  /**
   * The per-run mutable data of an optimizer (moments, step count, hidden states ...). It saves
   * itself as named arrays for checkpoints and restores itself from them, so no caller needs to
   * know its type.
   */
  interface State {
    /** Writes this state's arrays and counters into {@code out} (copies of them). */
    void save(NamedArrays out);

    /**
     * Reads the entries {@link #save} writes back into this state's live arrays.
     *
     * @throws io.learnopt.LearnoptException naming the entry if one is missing or has another
     *     length than this state's
     */
    void restore(NamedArrays in);
  }

  /** A fresh state for a run over {@code coordinates} parameters. */
  State init(int coordinates);

  /**
   * A fresh state for a run over parameters in {@code groups}: what rules with one learned rule per
   * group need; every other rule reads only the count.
   */
  default State init(ParameterGroups groups) {
    return init(groups.coordinates());
  }

  /**
   * Writes the update {@code u} (θ ← θ + u) for gradient {@code grad} at {@code params} into {@code
   * update} and advances {@code state}. All arrays have the length given to {@link #init}. {@code
   * update} may not alias {@code grad} or {@code params}.
   */
  void update(float[] grad, float[] params, State state, float[] update);

  /**
   * As {@link #update(float[], float[], State, float[])}, for rules that also read the loss
   * f(params) (the meta-learner LSTM); every other rule ignores {@code loss}.
   */
  default void update(float[] grad, float[] params, float loss, State state, float[] update) {
    update(grad, params, state, update);
  }

  /** A short name for tables and plots, e.g. {@code adam}. */
  String name();
}
