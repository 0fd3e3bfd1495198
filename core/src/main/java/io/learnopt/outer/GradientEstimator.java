package io.learnopt.outer;

/**
 * Estimates the meta-gradient ∂L/∂(meta-parameters) of one outer step (learned_optimization's
 * gradient estimators): truncated BPTT ({@link TruncatedBptt}) and persistent evolution strategies
 * ({@link Pes}). The outer trainer only asks for estimates; what a step means (a truncation of a
 * task batch's horizon, a meta-batch of episodes) is the estimator's business.
 */
public interface GradientEstimator extends AutoCloseable {
  /**
   * Outer steps per round: steps that share one batch of tasks (the truncations of a horizon).
   * Between rounds the estimator carries nothing but the meta-parameters, so checkpoints are taken
   * there.
   */
  int stepsPerRound();

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
