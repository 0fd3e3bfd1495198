package io.learnopt.outer;

/**
 * Estimates the meta-gradient ∂L/∂(meta-parameters) of one outer step (learned_optimization's
 * gradient estimators): truncated BPTT ({@link TruncatedBptt}) and persistent evolution strategies
 * ({@link Pes}). The outer trainer only asks for estimates; what a step means (a truncation of a
 * task batch's horizon, a meta-batch of episodes) is the estimator's business.
 */
public interface GradientEstimator extends AutoCloseable {
  /**
   * Outer steps of the longest round: steps that share one batch of tasks (the truncations of a
   * horizon). Outer step {@code u} of round {@code r} has index {@code r·stepsPerRound() + u}.
   * Between rounds the estimator carries nothing but the meta-parameters, so checkpoints are taken
   * there.
   */
  int stepsPerRound();

  /**
   * Outer steps of round {@code round} (rounds with sampled horizons differ), at most {@link
   * #stepsPerRound}.
   */
  default int stepsInRound(long round) {
    return stepsPerRound();
  }

  /** Outer steps of rounds [from, to): what a progress bar counts. */
  default long stepsBetween(long from, long to) {
    long steps = 0;
    for (long round = from; round < to; round++) {
      steps += stepsInRound(round);
    }
    return steps;
  }

  /**
   * Outer step {@code step} at meta-parameters {@code meta}: overwrites {@code grad} with the
   * estimate of ∂L/∂meta and returns the step's mean loss. Throws {@link DivergedException} if a
   * loss or gradient is not finite.
   */
  double estimate(float[] meta, long step, float[] grad);

  /** Bytes held for the backward pass (0 before the first step). */
  long activationBytes();

  /** Stops any worker threads. */
  @Override
  void close();
}
