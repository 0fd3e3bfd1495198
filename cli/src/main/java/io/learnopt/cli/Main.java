package io.learnopt.cli;

import io.learnopt.LearnoptException;
import io.learnopt.UsageException;
import io.learnopt.outer.TrainingStoppedException;
import picocli.CommandLine;

/**
 * Entry point of the learnopt command-line tool. Exit codes: 0 ok, 1 runtime failure (a corrupt
 * file, a NaN in training), 2 usage error (an unknown name, a bad option value).
 */
public final class Main {
  private static final String IO_ADVICE =
      "; check the path, its permissions and the free disk space";

  private Main() {}

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (tests call this). */
  public static int run(String... args) {
    System.setProperty("java.awt.headless", "true");
    CommandLine cli = commandLine();
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      cli.getErr().println("learnopt: " + outOfMemory());
      return 1;
    }
  }

  /** The one-line message for a run that ran out of heap despite the checks before it started. */
  static String outOfMemory() {
    return String.format(
        java.util.Locale.ROOT,
        "out of memory: the run needs more than the JVM's %s heap; lower the sizes you asked"
            + " for (--tasks, --steps, --tasks-per-epoch, --eval-tasks, --episodes, the problem's"
            + " dim= or hidden=) or give the JVM more heap (LEARNOPT_JAVA_OPTS=-Xmx16g)",
        io.learnopt.MemoryBudget.human(Runtime.getRuntime().maxMemory()));
  }

  /**
   * The one-line message for an exception that is not a bug: an I/O failure anywhere in its causes
   * (a read-only directory, a full disk) or an out-of-memory error; null for anything else.
   */
  static String describe(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return outOfMemory();
      }
      if (t instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
        return fs.getFile()
            + ": "
            + fs.getClass().getSimpleName()
            + (fs.getReason() == null ? "" : " (" + fs.getReason() + ")")
            + IO_ADVICE;
      }
      if (t instanceof java.io.IOException io) {
        return io.getClass().getSimpleName()
            + (io.getMessage() == null ? "" : ": " + io.getMessage())
            + IO_ADVICE;
      }
    }
    return null;
  }

  /** The configured command tree. */
  static CommandLine commandLine() {
    return configure(new CommandLine(new LearnoptCommand()));
  }

  /**
   * {@code cli} with learnopt's help layout, exit codes and one-line errors (the Spark entry point
   * configures its command tree with it too).
   */
  public static CommandLine configure(CommandLine cli) {
    HelpLayout.apply(cli);
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          if (exception instanceof UsageException) {
            commandLine.getErr().println("learnopt: " + exception.getMessage());
            return 2;
          }
          if (exception instanceof TrainingStoppedException stopped) {
            boolean resumable = commandLine.getCommandSpec().findOption("--resume") != null;
            commandLine
                .getErr()
                .println(
                    "learnopt: "
                        + stopped.getMessage()
                        + (resumable
                            ? "; continue with the same command and --resume"
                            : "; run the command again to start over"));
            return Interrupts.exitCode(stopped.reason());
          }
          if (exception instanceof LearnoptException) {
            commandLine.getErr().println("learnopt: " + exception.getMessage());
            return 1;
          }
          String oneLine = describe(exception);
          if (oneLine != null) {
            commandLine.getErr().println("learnopt: " + oneLine);
            return 1;
          }
          throw exception;
        });
    cli.setParameterExceptionHandler(
        (exception, args) -> {
          CommandLine command = exception.getCommandLine();
          command.getErr().println("learnopt: " + exception.getMessage());
          command
              .getErr()
              .println("Run '" + command.getCommandSpec().qualifiedName() + " --help'.");
          return 2;
        });
    return cli;
  }
}
