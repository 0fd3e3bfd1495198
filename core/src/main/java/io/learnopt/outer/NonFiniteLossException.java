package io.learnopt.outer;

import io.learnopt.LearnoptException;

/**
 * Meta-training or a few-shot inner loop met a NaN or infinite loss or gradient; the message names
 * where and what to change.
 */
public final class NonFiniteLossException extends LearnoptException {
  private static final long serialVersionUID = 1L;

  /** A non-finite value described by {@code message}. */
  public NonFiniteLossException(String message) {
    super(message);
  }
}
