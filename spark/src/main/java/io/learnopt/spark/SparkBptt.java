package io.learnopt.spark;

import io.learnopt.UsageException;
import io.learnopt.lopt.MetaParameters;
import io.learnopt.outer.GradientEstimator;
import io.learnopt.outer.Objective;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.outer.TruncatedBptt;
import io.learnopt.outer.TruncationWorker;
import io.learnopt.tasks.ProblemTasks;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Truncated BPTT with each group of the task batch as a Spark task: every outer step is one job of
 * G tasks that read φ (and, to catch up if Spark placed a group elsewhere, the φ of the round's
 * earlier truncations, broadcast), run their group's truncation where its state is kept ({@link
 * ExecutorState}) and return the group's meta-gradient; the driver adds them in group order ({@link
 * TruncatedBptt#combine}) and the outer trainer takes its step. The gradients are those of {@link
 * TruncatedBptt} with the same groups run single-threaded, bit for bit.
 */
public final class SparkBptt implements GradientEstimator {
  private final JavaSparkContext sc;
  private final GroupSpec spec;
  private final List<float[]> history = new ArrayList<>();
  private long historyRound = -1;

  /** The result of one group's truncation. */
  private record GroupResult(int group, double loss, float[] gradient) implements Serializable {}

  SparkBptt(JavaSparkContext sc, GroupSpec spec) {
    this.sc = sc;
    this.spec = spec;
  }

  /**
   * A {@link ProblemMetaTraining.BpttFactory} running the groups on {@code sc}, their problem
   * parsed from {@code problem} with data from {@code dataDir} (null: the shipped data) on each
   * executor.
   */
  public static ProblemMetaTraining.BpttFactory factory(
      JavaSparkContext sc, String problem, Path dataDir) {
    return (MetaParameters layout,
        ProblemTasks tasks,
        Objective objective,
        TruncatedBptt.Truncation truncation,
        int groups,
        int threads) -> {
      if (layout.learnsInitialization()) {
        throw new UsageException("meta-training on Spark does not learn an initialization");
      }
      return new SparkBptt(
          sc,
          new GroupSpec(
              UUID.randomUUID().toString(),
              problem,
              dataDir == null ? null : dataDir.toString(),
              tasks.seed(),
              layout.rule(),
              objective,
              truncation,
              groups));
    };
  }

  @Override
  public int stepsPerRound() {
    return spec.truncation().maxSteps();
  }

  @Override
  public int stepsInRound(long round) {
    return spec.truncation().steps(round);
  }

  @Override
  public double estimate(float[] meta, long step, float[] grad) {
    long round = step / stepsPerRound();
    int u = (int) (step % stepsPerRound());
    if (round != historyRound || history.size() != u) {
      history.clear();
      historyRound = round;
    }
    float[] phi = meta.clone();
    GroupSpec s = spec;
    Broadcast<ArrayList<float[]>> earlier = sc.broadcast(new ArrayList<>(history));
    List<GroupResult> results;
    try {
      results =
          sc.parallelize(IntStream.range(0, s.groups()).boxed().toList(), s.groups())
              .map(
                  g -> {
                    TruncationWorker worker = ExecutorState.worker(s, g);
                    synchronized (worker) {
                      double loss = worker.run(phi, round, u, earlier.value());
                      return new GroupResult(g, loss, worker.metaGradient().clone());
                    }
                  })
              .collect();
    } finally {
      earlier.destroy();
    }
    List<GroupResult> ordered =
        results.stream().sorted(Comparator.comparingInt(GroupResult::group)).toList();
    double[] losses = ordered.stream().mapToDouble(GroupResult::loss).toArray();
    double loss =
        TruncatedBptt.combine(
            s.objective(),
            s.truncation(),
            ordered.stream().map(GroupResult::gradient).toList(),
            losses,
            grad);
    history.add(phi);
    return loss;
  }

  @Override
  public long activationBytes() {
    return 0; // held on the executors
  }

  /** Tells the executors to drop this run's workers. */
  @Override
  public void close() {
    String runId = spec.runId();
    sc.parallelize(IntStream.range(0, spec.groups()).boxed().toList(), spec.groups())
        .foreach(g -> ExecutorState.forget(runId));
    ExecutorState.forget(runId);
  }

  /** The run's id on the executors (tests). */
  String runId() {
    return spec.runId();
  }
}
