package io.learnopt.lopt;

import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.Rng;

/**
 * A learned update rule: an update rule with meta-parameters φ that an outer trainer fits
 * (learned_optimization's {@code LearnedOptimizer}). Every learned rule is also a plain {@link
 * Optimizer} once φ is fixed ({@link #bind}), and offers an {@link Unroll} for truncated
 * backpropagation through time: forward steps that record what the backward pass needs, then ∂L/∂φ
 * (and ∂L/∂θ at the start of the unroll, for a learned initialization) from the meta-loss.
 *
 * <p>Implementations: the L2L coordinatewise LSTM ({@link L2lLstm}), the meta-learner LSTM and its
 * gradient-memory variant, and the fixed-rate SGD rule of first-order MAML (φ = ∅). A learned
 * initialization θ₀ is not part of φ: {@link MetaParameters} puts an optional θ₀ block in front of
 * φ for any rule.
 *
 * <p>Rules are serializable (their architecture, not φ), so a distributed trainer can build the
 * same rule on every worker.
 */
public interface LearnedOptimizer extends java.io.Serializable {
  /** A short name for tables and files, e.g. {@code l2l}. */
  String name();

  /** Number of meta-parameters φ. */
  int parameterCount();

  /** Writes initial meta-parameters into {@code phi} (length {@link #parameterCount()}). */
  void initialize(Rng rng, float[] phi);

  /** The rule with φ fixed (copied) as a plain optimizer for any training loop. */
  Optimizer bind(float[] phi);

  /**
   * An unroll over {@code shape}'s coordinates for {@code steps} steps; its buffers are allocated
   * once and reused by every unroll.
   */
  Unroll newUnroll(UnrollShape shape, int steps);

  /**
   * About how many bytes {@link #newUnroll} of {@code coordinates} and {@code steps} allocates (its
   * stored activations and per-coordinate state), for a memory check before allocating; long
   * arithmetic, −1 if that overflows.
   */
  default long unrollBytes(long coordinates, int steps) {
    return io.learnopt.MemoryBudget.product(coordinates, steps + 1L, 8);
  }
}
