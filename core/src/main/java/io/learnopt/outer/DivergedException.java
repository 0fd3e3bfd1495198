package io.learnopt.outer;

import io.learnopt.LearnoptException;

/**
 * Meta-training diverged: a NaN or infinite loss or gradient, meta-parameters of an absurd
 * magnitude, or no finite validation score; the message names where and what to change.
 */
public final class DivergedException extends LearnoptException {
  private static final long serialVersionUID = 1L;

  /** A divergence described by {@code message}. */
  public DivergedException(String message) {
    super(message);
  }
}
