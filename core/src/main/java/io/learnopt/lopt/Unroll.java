package io.learnopt.lopt;

import java.util.concurrent.ForkJoinPool;

/**
 * One truncation of a learned rule's trajectory, for truncated BPTT. The optimizee gradient and
 * loss are inputs (∂∇f/∂φ = 0, Andrychowicz et al. 2016 §2.1), so the backward pass needs only what
 * the forward steps recorded.
 *
 * <p>Protocol: {@link #reset()} at the start of a task; then per truncation {@link #steps()} calls
 * of {@link #step}, one {@link #backward}, and {@link #carryOver()} to make the state after the
 * last step the initial state of the next truncation. Not thread-safe: one unroll per worker.
 *
 * <p>Meta-loss of a truncation: L = s·(Σ_{t=1..T−1} w_t f(θ_t) + w_T·ℓ(θ_T)), where ℓ is the
 * training loss f or an outer loss (a few-shot episode's query loss) whose gradient is passed as
 * {@code finalGradient}. With ∇ an input, the direct adjoint of θ_t is s·w_t·∇f(θ_t), and the
 * backward pass carries it through each step's Jacobian ∂θ_{t+1}/∂θ_t.
 */
public interface Unroll {
  /** Bytes held for the backward pass. */
  long activationBytes();

  /** Zeroes the carried state: the start of a new task. */
  void reset();

  /**
   * Step {@code t} (0-based, t &lt; T): updates {@code theta} in place from the gradient {@code
   * grad} = ∇f(θ_t) and the loss of each task in the shape, {@code losses[k]} = f_k(θ_t), and
   * records what {@link #backward} needs.
   */
  void step(float[] phi, int t, float[] theta, float[] grad, float[] losses);

  /**
   * After T steps: adds ∂L/∂φ into {@code dphi} for the meta-loss {@code loss}. If {@code dtheta0}
   * is not null, writes ∂L/∂θ_0 (θ at the start of this truncation) into it.
   */
  void backward(float[] phi, TruncationLoss loss, float[] dtheta0, float[] dphi);

  /** Makes the state after the last step the initial state of the next truncation. */
  void carryOver();

  /** Lets the unroll split its coordinates over {@code pool} (null: the calling thread only). */
  default void setPool(ForkJoinPool pool) {}
}
