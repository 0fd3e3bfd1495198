package io.learnopt.spark;

import io.learnopt.outer.Pes;
import io.learnopt.outer.PesWorker;
import io.learnopt.outer.ProblemMetaTraining;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * PES with each group of the task batch as a Spark task: every outer step is one job of G tasks
 * that read φ (and, to catch up if Spark placed a group elsewhere, the φ of the round's earlier
 * truncations, broadcast), run their group's antithetic pairs where the particles are kept ({@link
 * ExecutorState}) and return two numbers per pair, L⁺ − L⁻ and the mean loss. The driver's {@link
 * Pes} redraws the perturbations, accumulates ξ and forms the estimate: only scalars travel back,
 * and the estimate is the single-process one bit for bit, whatever the grouping.
 */
final class SparkPes implements Pes.Groups {
  private final JavaSparkContext sc;
  private final GroupSpec spec;

  private SparkPes(JavaSparkContext sc, GroupSpec spec) {
    this.sc = sc;
    this.spec = spec;
  }

  /**
   * A {@link ProblemMetaTraining.PesFactory} running min(threads, tasks per batch) groups on {@code
   * sc}, their problem parsed from {@code problem} with data from {@code dataDir} (null: the
   * shipped data) on each executor.
   */
  static ProblemMetaTraining.PesFactory factory(JavaSparkContext sc, String problem, Path dataDir) {
    return (rule, tasks, objective, truncation, pes, seed, threads) ->
        new SparkPes(
            sc,
            new GroupSpec(
                UUID.randomUUID().toString(),
                problem,
                dataDir == null ? null : dataDir.toString(),
                tasks.seed(),
                rule,
                objective,
                truncation,
                Math.min(threads, truncation.tasksPerBatch()),
                pes));
  }

  @Override
  public double[][] run(float[] meta, long round, int u, List<float[]> earlier) {
    float[] phi = meta.clone();
    GroupSpec s = spec;
    Broadcast<ArrayList<float[]>> history = sc.broadcast(new ArrayList<>(earlier));
    try {
      List<Tuple2<Integer, double[]>> results =
          new ArrayList<>(
              sc.parallelize(IntStream.range(0, s.groups()).boxed().toList(), s.groups())
                  .map(
                      g -> {
                        PesWorker worker = ExecutorState.pesWorker(s, g);
                        synchronized (worker) {
                          return new Tuple2<>(g, worker.run(phi, round, u, history.value()));
                        }
                      })
                  .collect());
      results.sort(Comparator.comparingInt(Tuple2::_1));
      return results.stream().map(Tuple2::_2).toArray(double[][]::new);
    } finally {
      history.destroy();
    }
  }

  @Override
  public long activationBytes() {
    return 0; // held on the executors
  }

  /** Tells the executors to drop this run's workers. */
  @Override
  public void close() {
    ExecutorState.forgetEverywhere(sc, spec);
  }

  /** The run's id on the executors (tests). */
  String runId() {
    return spec.runId();
  }
}
