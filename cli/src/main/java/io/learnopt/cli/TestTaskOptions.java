package io.learnopt.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The test tasks of {@code eval}, {@code paper} and {@code generalize}: how many per comparison,
 * their seed (the tuning tasks derive theirs from it), where MNIST is read from, and how many
 * workers run them.
 */
final class TestTaskOptions {
  @Option(
      names = "--tasks",
      description =
          "Test tasks per comparison (default: eval 100; paper 100, 50 with conv and 20 with"
              + " art; generalize per setting, 20 or 10).")
  Integer tasks;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the test and tuning tasks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin DataOption data;

  @Option(names = "--threads", description = "Worker threads (default: the number of cores).")
  Integer threads;

  /** {@code --tasks}, checked, or 100. */
  int tasks() {
    return tasks(100);
  }

  /** {@code --tasks}, checked, or {@code fallback}. */
  int tasks(int fallback) {
    int n = tasks == null ? fallback : tasks;
    Cli.requirePositive("--tasks", n);
    return n;
  }

  /** {@code --threads}, checked, or the number of cores. */
  int threads() {
    return Cli.threads(threads);
  }
}
