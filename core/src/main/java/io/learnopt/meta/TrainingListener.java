package io.learnopt.meta;

/** Hears meta-training progress: for progress bars, logs and checkpoints. All methods optional. */
public interface TrainingListener {

  /** After each meta-update: epoch, unroll within it, and the unroll's mean loss per step. */
  default void onUnroll(int epoch, int unroll, double meanLoss, double gradientNorm) {}

  /** After each epoch; {@code state} is consistent here and may be saved. */
  default void onEpoch(EpochReport report, MetaTrainingState state) {}

  /**
   * What one epoch did.
   *
   * @param epoch the epoch index
   * @param meanLoss mean over tasks and steps of f(θ_t) over the horizon: the meta-loss per step
   * @param meanGradientNorm mean over unrolls of the meta-gradient's global norm (before clipping)
   * @param validationScore mean final loss on validation tasks, or NaN when not validated
   * @param improved whether this validation produced a new best
   */
  record EpochReport(
      int epoch,
      double meanLoss,
      double meanGradientNorm,
      double validationScore,
      boolean improved) {}
}
