package io.learnopt.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of a training run's files, shared by {@code train} and {@code fewshot train}. */
final class RunFileOptions {
  @Option(
      names = "--checkpoint-every",
      defaultValue = "60",
      description = "Seconds between checkpoints (default: ${DEFAULT-VALUE}).")
  long checkpointSeconds;

  @Option(names = "--resume", description = "Continue from the checkpoint beside --out.")
  boolean resume;

  @Option(
      names = "--tensorboard",
      description =
          "Also write the meta-loss, meta-gradient norm and validation score of every epoch"
              + " (update) as a TensorBoard event file in this directory.")
  Path tensorboard;

  /** Checks that the TensorBoard directory, if any, can be written, before training starts. */
  void checkPaths() {
    if (tensorboard != null) {
      OutputPaths.directory("--tensorboard", tensorboard);
    }
  }
}
