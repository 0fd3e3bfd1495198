package io.learnopt.spark;

import io.learnopt.cli.TrainCommand;
import io.learnopt.outer.ProblemMetaTraining;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code learnopt spark train}: {@code learnopt train} with the groups of truncated BPTT ({@link
 * SparkBptt}) or PES ({@link SparkPes}) as Spark tasks; the same options, checkpoints, resume and
 * model file, and the same meta-parameters as the single-process trainer (for BPTT, with as many
 * groups).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Meta-train a learned optimizer as 'learnopt train' does, with each group of a task batch"
          + " (one per --threads) a Spark task: on an embedded local Spark by default, on a"
          + " cluster with --master spark://HOST:PORT. Same options, checkpoints and --resume;"
          + " the same model as 'learnopt train' with as many threads (truncated BPTT) or with"
          + " any (--estimator pes).",
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

  @Override
  protected ProblemMetaTraining.PesFactory pesFactory(String problem, Path dataDir) {
    return SparkPes.factory(spark.context(), problem, dataDir);
  }

  @Override
  public Integer call() {
    return spark.closing(super::call);
  }
}
