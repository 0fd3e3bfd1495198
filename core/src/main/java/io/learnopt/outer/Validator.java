package io.learnopt.outer;

/** Scores meta-parameters on held-out tasks, so the trainer can keep the best. */
public interface Validator {
  /** The score of {@code meta} (not modified). */
  double score(float[] meta);

  /** Whether a higher score is better (accuracy) or a lower one (final loss). */
  boolean higherIsBetter();

  /** Whether {@code score} beats {@code best}. */
  default boolean better(double score, double best) {
    return higherIsBetter() ? score > best : score < best;
  }
}
