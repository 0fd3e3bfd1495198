package io.learnopt.outer;

/**
 * A request, from another thread (a signal handler), that a {@link TrainingRun} stop at its next
 * round boundary: the current unroll finishes, a checkpoint is written, and the run ends with a
 * {@link TrainingStoppedException}. Requests after the first keep the first reason.
 */
public final class StopRequest {
  private volatile String reason;

  /** Asks the run to stop; {@code reason} names why, for example {@code "SIGINT"}. */
  public void request(String reason) {
    if (this.reason == null) {
      this.reason = reason;
    }
  }

  /** The reason of the first request, or null if none was made. */
  public String reason() {
    return reason;
  }
}
