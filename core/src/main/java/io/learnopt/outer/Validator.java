package io.learnopt.outer;

/** Scores meta-parameters on held-out tasks, so the trainer can keep the best. */
public interface Validator {
  /** The score of {@code meta} (not modified). */
  double score(float[] meta);

  /** Whether a higher score is better (accuracy) or a lower one (final loss). */
  boolean higherIsBetter();

  /**
   * Whether {@code score} beats {@code best}. A NaN score (validation diverged) beats nothing; any
   * other score beats a NaN best (none yet).
   */
  default boolean better(double score, double best) {
    if (Double.isNaN(score)) {
      return false;
    }
    if (Double.isNaN(best)) {
      return true;
    }
    return higherIsBetter() ? score > best : score < best;
  }
}
