package io.learnopt.spark;

import io.learnopt.cli.EvalCommand;
import io.learnopt.eval.Evaluator;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code learnopt spark eval}: {@code learnopt eval} with every (optimizer, learning rate, task)
 * run a Spark task; the same results.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare optimizers as 'learnopt eval' does, with every (optimizer, learning rate, task) run"
          + " a Spark task: on an embedded local Spark by default, on a cluster with --master"
          + " spark://HOST:PORT. Same options and result files; the same losses.",
      "",
      "Example:",
      "  learnopt spark eval --problem quadratic --optimizers adam,sgd --tasks 20"
          + " --out runs/spark-eval"
    })
public final class SparkEvalCommand extends EvalCommand {
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
