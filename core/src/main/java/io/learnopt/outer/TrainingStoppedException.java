package io.learnopt.outer;

import io.learnopt.LearnoptException;

/**
 * A {@link TrainingRun} stopped on a {@link StopRequest} after saving its checkpoint; the message
 * names the checkpoint and says how to continue.
 */
public final class TrainingStoppedException extends LearnoptException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  /** The run stopped because of {@code reason}; {@code message} says where it saved. */
  public TrainingStoppedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The stop request's reason, for example {@code "SIGINT"}. */
  public String reason() {
    return reason;
  }
}
