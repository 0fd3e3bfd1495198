package io.learnopt.outer;

/** Hears outer training: for progress bars, logs and checkpoints. All methods optional. */
public interface TrainingListener {

  /** After each outer step: round, step within it, the step's mean loss and gradient norm. */
  default void onStep(int round, int step, double meanLoss, double gradientNorm) {}

  /** After each round; {@code state} is consistent here and may be saved. */
  default void onRound(RoundReport report, OuterState state) {}

  /**
   * What one round did.
   *
   * @param round the round index (−1: the validation before training)
   * @param meanLoss mean over the round's steps of their mean loss
   * @param meanGradientNorm mean over steps of the meta-gradient's global norm (before clipping)
   * @param validationScore the validation score, or NaN when not validated
   * @param improved whether this validation produced a new best
   */
  record RoundReport(
      int round,
      double meanLoss,
      double meanGradientNorm,
      double validationScore,
      boolean improved) {}
}
