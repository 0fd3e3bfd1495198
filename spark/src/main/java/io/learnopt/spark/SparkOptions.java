package io.learnopt.spark;

import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Option;

/** The options every {@code learnopt spark} command shares, and the context they open. */
final class SparkOptions implements AutoCloseable {
  @Option(
      names = "--master",
      defaultValue = "local[*]",
      description =
          "Spark master: local[N] (embedded), local[*], or spark://HOST:PORT for a standalone"
              + " cluster whose workers reach this machine (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(
      names = "--driver-host",
      defaultValue = "127.0.0.1",
      description =
          "Address the driver binds to and executors connect back to (default:"
              + " ${DEFAULT-VALUE}, this machine only).")
  String driverHost;

  private JavaSparkContext context;

  /** The Spark context, started on first use. */
  JavaSparkContext context() {
    if (context == null) {
      context = SparkContexts.create(master, driverHost);
    }
    return context;
  }

  /** Runs a command's body, then stops the context it may have started. */
  int closing(java.util.function.Supplier<Integer> command) {
    try {
      return command.get();
    } finally {
      close();
    }
  }

  /** Stops the context if one was started. */
  @Override
  public void close() {
    if (context != null) {
      context.close();
      context = null;
    }
  }
}
