package io.learnopt.spark;

import io.learnopt.UsageException;
import io.learnopt.cli.TrainCommand;
import io.learnopt.outer.ProblemMetaTraining;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code learnopt spark train}: {@code learnopt train} with truncated BPTT's groups as Spark tasks
 * ({@link SparkBptt}); the same options, checkpoints, resume and model file, and the same
 * meta-parameters as the single-process trainer with as many groups.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Meta-train a learned optimizer as 'learnopt train' does, with each group of a task batch"
          + " (one per --threads) a Spark task: on an embedded local Spark by default, on a"
          + " cluster with --master spark://HOST:PORT. Same options, checkpoints and --resume;"
          + " the same model as 'learnopt train' with as many threads (BPTT only).",
      "",
      "Example:",
      "  learnopt spark train --problem quadratic --epochs 100 --threads 2"
          + " --out runs/spark-quad.safetensors"
    })
public final class SparkTrainCommand extends TrainCommand {
  @Mixin SparkOptions spark;

  @Override
  protected ProblemMetaTraining.BpttFactory bpttFactory(String problem, Path dataDir) {
    return SparkBptt.factory(spark.context(), problem, dataDir);
  }

  @Spec CommandSpec command;

  @Override
  public Integer call() {
    if ("pes"
        .equals(command.commandLine().getParseResult().matchedOptionValue("--estimator", ""))) {
      throw new UsageException(
          "spark train runs truncated BPTT's groups as Spark tasks; PES does not run on Spark"
              + " yet: use 'learnopt train --estimator pes'");
    }
    return spark.closing(super::call);
  }
}
