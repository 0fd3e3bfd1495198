package io.learnopt.meta;

import io.learnopt.LearnoptException;

/** Meta-training met a NaN or infinite loss or gradient; the message names where. */
public final class NonFiniteLossException extends LearnoptException {
  private static final long serialVersionUID = 1L;

  /** A non-finite value described by {@code message}. */
  public NonFiniteLossException(String message) {
    super(message);
  }
}
