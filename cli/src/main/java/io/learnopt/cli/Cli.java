package io.learnopt.cli;

import io.learnopt.UsageException;
import picocli.CommandLine.Model.CommandSpec;

/** Small pieces every command shares: thread defaults, checks, the command line for provenance. */
final class Cli {
  private Cli() {}

  /** The most worker threads a command accepts; each holds its own copies of the work. */
  static final int MAX_THREADS = 1024;

  /** {@code --threads}, checked (a warning far above the core count), or the number of cores. */
  static int threads(Integer requested) {
    if (requested == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    if (requested < 1 || requested > MAX_THREADS) {
      throw new UsageException(
          "--threads must be between 1 and " + MAX_THREADS + ", got " + requested);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    if (requested > 4 * cores) {
      System.err.printf(
          "learnopt: warning: --threads %d is far above this machine's %d cores; threads beyond"
              + " the cores add memory and switching, not speed%n",
          requested, cores);
    }
    return requested;
  }

  static void requirePositive(String option, long value) {
    if (value < 1) {
      throw new UsageException(option + " must be a positive integer, got " + value);
    }
  }

  /** The command as typed, recorded in every output file so it can be rerun. */
  static String command(CommandSpec spec) {
    // originalArgs() already starts with the subcommand's name.
    StringBuilder line = new StringBuilder("learnopt");
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      line.append(' ').append(arg.contains(" ") ? "'" + arg + "'" : arg);
    }
    return line.toString();
  }
}
