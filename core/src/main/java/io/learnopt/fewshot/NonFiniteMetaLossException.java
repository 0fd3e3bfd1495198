package io.learnopt.fewshot;

import io.learnopt.LearnoptException;

/** A learner loss became NaN or infinite during few-shot training or evaluation. */
public final class NonFiniteMetaLossException extends LearnoptException {
  /** An exception with {@code message}, which says what diverged and what to change. */
  public NonFiniteMetaLossException(String message) {
    super(message);
  }
}
