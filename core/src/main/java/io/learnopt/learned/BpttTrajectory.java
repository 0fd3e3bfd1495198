package io.learnopt.learned;

import java.util.concurrent.ForkJoinPool;

/**
 * What truncated BPTT of a coordinatewise LSTM optimizer needs from its activation store: forward
 * steps that remember enough to run backward, the backward pass into ∂L/∂φ, and the carried state
 * between unrolls. Two stores: {@link LstmTrajectory} keeps every activation; {@link
 * RecomputingTrajectory} keeps only the gradients and recomputes the rest during backward.
 */
public sealed interface BpttTrajectory permits LstmTrajectory, RecomputingTrajectory {

  /** Number of real (unpadded) coordinates. */
  int coordinates();

  /** Steps per unroll. */
  int steps();

  /** Bytes held for BPTT over one unroll (what the unroll costs in memory). */
  long activationBytes();

  /** Zeroes the carried hidden and cell state (the start of a new task). */
  void resetState();

  /**
   * Step t: reads gradient {@code grad} (∇f(θ_t), length N), writes the update u_t into {@code
   * update} (length ≥ N).
   */
  void forwardStep(float[] phi, int t, float[] grad, float[] update);

  /** Records ∇f(θ_T), the gradient after the last step, needed by the backward pass. */
  void setFinalGradient(float[] grad);

  /**
   * Accumulates ∂L/∂φ into {@code dphi} for L = lossScale·Σ_{t=1..T} w_t f(θ_t), after {@link
   * #steps()} forward steps and {@link #setFinalGradient}. {@code stepWeights[t]} is w_t (index 0
   * unused); null means all ones.
   */
  void backward(float[] phi, float[] stepWeights, float lossScale, float[] dphi);

  /** Makes the state after the last step the initial state of the next unroll. */
  void carryOver();

  /** Splits coordinate blocks over {@code pool} (null: the calling thread). */
  void setPool(ForkJoinPool pool);

  /** Stores of either kind for {@code coordinates} × {@code steps}. */
  static BpttTrajectory create(
      LstmParameters layout, int coordinates, int steps, boolean recompute) {
    return recompute
        ? new RecomputingTrajectory(layout, coordinates, steps)
        : new LstmTrajectory(layout, coordinates, steps);
  }
}
