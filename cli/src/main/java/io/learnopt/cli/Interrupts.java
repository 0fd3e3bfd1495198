package io.learnopt.cli;

import io.learnopt.outer.StopRequest;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While training runs, turns the first SIGINT (Ctrl-C) or SIGTERM into a {@link StopRequest}: the
 * current unroll finishes, a checkpoint is written and the command exits with 128 + the signal's
 * number, as a shell expects of a program a signal ended. A second signal exits at once, for a user
 * who cannot wait. Closing restores the previous handlers.
 */
final class Interrupts implements AutoCloseable {
  private static final Map<String, Integer> NUMBERS = Map.of("INT", 2, "TERM", 15);

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private Interrupts(StopRequest stop, PrintStream err) {
    for (String name : NUMBERS.keySet()) {
      Signal signal = new Signal(name);
      try {
        previous.put(
            signal,
            Signal.handle(
                signal,
                s -> {
                  String reason = "SIG" + s.getName();
                  if (stop.reason() != null) {
                    err.println("learnopt: " + reason + " again: exiting without a checkpoint.");
                    Runtime.getRuntime().halt(exitCode(reason));
                  }
                  stop.request(reason);
                  err.println(
                      "\nlearnopt: "
                          + reason
                          + ": finishing the current unroll and saving a checkpoint"
                          + " (send it again to exit at once).");
                }));
      } catch (IllegalArgumentException e) {
        // The JVM reserves the signal (e.g. -Xrs): keep its default behaviour.
      }
    }
  }

  /** Installs the handlers until {@link #close}. */
  static Interrupts install(StopRequest stop, PrintStream err) {
    return new Interrupts(stop, err);
  }

  /** 128 + the signal's number for {@code "SIGINT"} or {@code "SIGTERM"}; 1 for anything else. */
  static int exitCode(String reason) {
    Integer number = reason.startsWith("SIG") ? NUMBERS.get(reason.substring(3)) : null;
    return number == null ? 1 : 128 + number;
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
