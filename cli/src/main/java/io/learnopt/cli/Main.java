package io.learnopt.cli;

import io.learnopt.LearnoptException;
import io.learnopt.UsageException;
import picocli.CommandLine;

/**
 * Entry point of the learnopt command-line tool. Exit codes: 0 ok, 1 runtime failure (a corrupt
 * file, a NaN in training), 2 usage error (an unknown name, a bad option value).
 */
public final class Main {
  private Main() {}

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (tests call this). */
  public static int run(String... args) {
    System.setProperty("java.awt.headless", "true");
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  /** The configured command tree. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LearnoptCommand());
    HelpLayout.apply(cli);
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          if (exception instanceof UsageException) {
            commandLine.getErr().println("learnopt: " + exception.getMessage());
            return 2;
          }
          if (exception instanceof LearnoptException) {
            commandLine.getErr().println("learnopt: " + exception.getMessage());
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
