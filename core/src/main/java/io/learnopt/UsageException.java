package io.learnopt;

/**
 * Bad input from the user: an unknown name, an option out of range, a malformed spec. The message
 * says what was wrong and lists the valid choices; the CLI prints it and exits 2.
 */
public class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A usage error described by {@code message}. */
  public UsageException(String message) {
    super(message);
  }
}
