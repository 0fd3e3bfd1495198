package io.learnopt.spark;

import io.learnopt.cli.GeneralizeCommand;
import io.learnopt.eval.Evaluator;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code learnopt spark generalize}: {@code learnopt generalize} with every (optimizer, learning
 * rate, task) run a Spark task; the same results and report.
 */
@Command(
    name = "generalize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the held-out generalization suite as 'learnopt generalize' does, with every"
          + " (optimizer, learning rate, task) run a Spark task: on an embedded local Spark by"
          + " default, on a cluster with --master spark://HOST:PORT. Same options, result files"
          + " and report; the same losses.",
      "",
      "Example:",
      "  learnopt spark generalize --optimizers models/mnist-l2l.safetensors"
          + " --settings relu-100"
    })
public final class SparkGeneralizeCommand extends GeneralizeCommand {
  @Mixin SparkOptions spark;

  @Override
  protected Evaluator.Runner runner(Path dataDir) {
    return new SparkRunner(spark.context(), dataDir);
  }

  @Override
  public Integer call() {
    return spark.closing(super::call);
  }
}
