package io.learnopt.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The test tasks of {@code eval} and {@code paper}: how many per comparison, their seed (the tuning
 * tasks derive theirs from it), where MNIST is read from, and how many workers run them.
 */
final class TestTaskOptions {
  @Option(
      names = "--tasks",
      defaultValue = "100",
      description = "Test tasks per comparison (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the test and tuning tasks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin DataOption data;

  @Option(names = "--threads", description = "Worker threads (default: the number of cores).")
  Integer threads;

  /** {@code --tasks}, checked. */
  int tasks() {
    Cli.requirePositive("--tasks", tasks);
    return tasks;
  }

  /** {@code --threads}, checked, or the number of cores. */
  int threads() {
    return Cli.threads(threads);
  }
}
