package io.learnopt;

/**
 * A failure while doing valid work: a corrupt file, a NaN in a loss, an I/O error. The message
 * names the file, field or value and says what to do; the CLI prints it on one line and exits 1.
 */
public class LearnoptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public LearnoptException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public LearnoptException(String message, Throwable cause) {
    super(message, cause);
  }
}
