package io.learnopt.outer;

import io.learnopt.UsageException;

/**
 * How the outer trainer runs: Adam on the meta-parameters behind optional global-norm clipping,
 * {@code rounds} rounds of the estimator's outer steps, validation every {@code validateEvery}
 * rounds (and after the last), the best meta-parameters kept.
 *
 * @param rounds rounds to train (epochs of the L2L setting, meta-updates of the few-shot one)
 * @param metaLearningRate Adam's learning rate
 * @param clipNorm global-norm clip of the meta-gradient; 0 = off
 * @param validateEvery rounds between validations
 * @param validateAtStart also validate before the first round (the untrained rule can win)
 * @param roundName what a round is called in logs and messages: {@code epoch} or {@code update}
 */
public record OuterConfig(
    int rounds,
    double metaLearningRate,
    double clipNorm,
    int validateEvery,
    boolean validateAtStart,
    String roundName) {
  /** Validates every setting, naming the option in the message. */
  public OuterConfig {
    if (rounds < 1) {
      throw new UsageException("--" + roundName + "s must be a positive integer, got " + rounds);
    }
    if (validateEvery < 1) {
      throw new UsageException("the validation interval must be positive, got " + validateEvery);
    }
    if (!(metaLearningRate > 0) || Double.isInfinite(metaLearningRate)) {
      throw new UsageException(
          "the meta learning rate must be a positive number, got " + metaLearningRate);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new UsageException("--clip must be a non-negative number, got " + clipNorm);
    }
  }

  /**
   * The number a user sees for round {@code round}: epochs count from 0, updates from 1 (so the
   * validation before training is update 0).
   */
  public int label(int round) {
    return "update".equals(roundName) ? round + 1 : round;
  }
}
