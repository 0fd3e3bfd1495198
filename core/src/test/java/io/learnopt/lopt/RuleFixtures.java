package io.learnopt.lopt;

import io.learnopt.problem.StepWeighting;
import io.learnopt.tensor.Rng;

/** What meta-gradient checks of learned rules share: initial φ and the meta-loss weights. */
final class RuleFixtures {
  private RuleFixtures() {}

  /** {@code rule}'s initial φ drawn from {@code seed}. */
  static float[] phi(LearnedOptimizer rule, long seed) {
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(new Rng(seed), phi);
    return phi;
  }

  /** w_t = t/T for t = 1..T (index 0 unused), so every step's weight differs. */
  static float[] linearWeights(int steps) {
    float[] w = new float[steps + 1];
    for (int t = 1; t <= steps; t++) {
      w[t] = StepWeighting.LINEAR.weight(t, steps);
    }
    return w;
  }
}
