package io.learnopt.spark;

import io.learnopt.UsageException;
import io.learnopt.eval.Evaluator;
import io.learnopt.optim.Optimizer;
import io.learnopt.problem.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * An evaluation's (optimizer, task) runs as Spark tasks: the optimizers (serializable rules, φ
 * included) are broadcast, each task rebuilds the problem from its spec on its executor ({@link
 * ExecutorState}), samples its task from the seed and runs it. A run depends only on its optimizer,
 * problem, seed and steps, so the losses are those of the in-process evaluator.
 */
public final class SparkRunner implements Evaluator.Runner {
  private final JavaSparkContext sc;
  private final String dataDir;

  /** Runs on {@code sc}, problems read from {@code dataDir} on the executors (null: shipped). */
  public SparkRunner(JavaSparkContext sc, Path dataDir) {
    this.sc = sc;
    this.dataDir = dataDir == null ? null : dataDir.toString();
  }

  @Override
  public Evaluator.TaskRun[][] runAll(
      List<Optimizer> optimizers, Problem problem, long[] seeds, int steps, boolean finalMetrics) {
    String spec = problem.name();
    if (!ExecutorState.problem(spec, dataDir).name().equals(spec)) {
      throw new UsageException(
          "problem '" + spec + "' cannot be rebuilt from its name on the executors");
    }
    List<int[]> runs = new ArrayList<>();
    for (int o = 0; o < optimizers.size(); o++) {
      for (int i = 0; i < seeds.length; i++) {
        runs.add(new int[] {o, i});
      }
    }
    Broadcast<ArrayList<Optimizer>> shared = sc.broadcast(new ArrayList<>(optimizers));
    String data = dataDir;
    long[] taskSeeds = seeds.clone();
    List<Evaluator.TaskRun> results;
    try {
      results =
          sc.parallelize(runs, runs.size())
              .map(
                  run ->
                      Evaluator.runTask(
                          shared.value().get(run[0]),
                          ExecutorState.problem(spec, data).sample(taskSeeds[run[1]]),
                          steps,
                          finalMetrics))
              .collect();
    } finally {
      shared.destroy();
    }
    Evaluator.TaskRun[][] out = new Evaluator.TaskRun[optimizers.size()][seeds.length];
    for (int k = 0; k < runs.size(); k++) {
      out[runs.get(k)[0]][runs.get(k)[1]] = results.get(k);
    }
    return out;
  }
}
