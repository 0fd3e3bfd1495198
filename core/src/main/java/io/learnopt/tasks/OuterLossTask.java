package io.learnopt.tasks;

import io.learnopt.problem.Task;

/**
 * A task whose meta-objective reads a loss other than the one it trains on, such as a few-shot
 * episode: the inner loop descends the support loss, the meta-loss is the query loss at θ_T.
 */
public interface OuterLossTask extends Task {
  /** The outer loss at {@code params}; writes its gradient into {@code grad}. */
  float outerLossAndGradient(float[] params, float[] grad);
}
