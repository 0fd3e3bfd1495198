package io.learnopt.spark;

import io.learnopt.cli.EvalCommand;
import io.learnopt.eval.Evaluator;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
  @Option(
      names = "--master",
      defaultValue = "local[*]",
      description =
          "Spark master: local[N], local[*] or spark://HOST:PORT (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(
      names = "--driver-host",
      defaultValue = "127.0.0.1",
      description = "Address executors connect back to (default: ${DEFAULT-VALUE}).")
  String driverHost;

  private JavaSparkContext context;

  @Override
  protected Evaluator.Runner runner(Path dataDir) {
    context = SparkContexts.create(master, driverHost);
    return new SparkRunner(context, dataDir);
  }

  @Override
  public Integer call() {
    try {
      return super.call();
    } finally {
      if (context != null) {
        context.close();
      }
    }
  }
}
