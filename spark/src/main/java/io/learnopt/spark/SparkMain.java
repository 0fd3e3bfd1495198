package io.learnopt.spark;

import io.learnopt.cli.LearnoptCommand;
import io.learnopt.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code learnopt spark}: the commands that run on Apache Spark. A separate main
 * (and class path) so Spark's jars stay off the plain CLI's. Exit codes as {@code learnopt}'s.
 */
@Command(
    name = "learnopt spark",
    mixinStandardHelpOptions = true,
    versionProvider = LearnoptCommand.VersionProvider.class,
    description = "learnopt's commands on Apache Spark (embedded local mode, or a cluster).",
    subcommands = {
      SparkTrainCommand.class,
      SparkEvalCommand.class,
      SparkGeneralizeCommand.class,
      SparkBenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SparkMain implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit code (tests call this). */
  public static int run(String... args) {
    System.setProperty("java.awt.headless", "true");
    return Main.configure(new CommandLine(new SparkMain())).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
