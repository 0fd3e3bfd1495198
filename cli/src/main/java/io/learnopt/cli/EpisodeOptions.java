package io.learnopt.cli;

import picocli.CommandLine.Option;

/** The shape of few-shot episodes, shared by {@code fewshot train} and {@code fewshot eval}. */
final class EpisodeOptions {
  @Option(
      names = "--ways",
      defaultValue = "5",
      description = "Classes per episode (default: ${DEFAULT-VALUE}).")
  int ways;

  @Option(
      names = "--shots",
      defaultValue = "1",
      description = "Support images per class (default: ${DEFAULT-VALUE}).")
  int shots;

  @Option(
      names = "--queries",
      defaultValue = "15",
      description = "Query images per class (default: ${DEFAULT-VALUE}).")
  int queries;
}
