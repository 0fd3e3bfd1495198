package io.learnopt.cli;

import io.learnopt.UsageException;
import picocli.CommandLine.Model.CommandSpec;

/** Small pieces every command shares: thread defaults, checks, the command line for provenance. */
final class Cli {
  private Cli() {}

  /** The thread count to use: the user's, or the number of cores. */
  static int threads(Integer requested) {
    if (requested == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    if (requested < 1) {
      throw new UsageException("--threads must be a positive integer, got " + requested);
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
