package io.learnopt.outer;

import io.learnopt.problem.StepWeighting;

/**
 * What the meta-loss of one truncation reads (Unroll's L = s·(Σ_{t&lt;T} w_t f(θ_t) + w_T ℓ(θ_T))).
 */
public sealed interface Objective extends java.io.Serializable {
  /**
   * The L2L meta-loss Σ_t w_t f(θ_t) over the training loss f (Andrychowicz et al. 2016, eq. 2),
   * with w_t from {@code weighting} over the round's horizon.
   */
  record StepWeighted(StepWeighting weighting) implements Objective {}

  /**
   * Only the outer loss at the end of each truncation counts (w = (0, …, 0, 1), ℓ a task's {@code
   * OuterLossTask} loss): a few-shot episode's query loss after the inner loop on its support set.
   */
  record FinalOuterLoss() implements Objective {}

  /**
   * Step weights w_0..w_T of the truncation starting at optimizee step {@code firstStep} of a
   * horizon of {@code horizon} steps.
   */
  default void weights(int firstStep, int horizon, float[] w) {
    int steps = w.length - 1;
    if (this instanceof StepWeighted s) {
      for (int t = 1; t <= steps; t++) {
        w[t] = s.weighting().weight(firstStep + t, horizon);
      }
    } else {
      java.util.Arrays.fill(w, 0f);
      w[steps] = 1f;
    }
  }
}
