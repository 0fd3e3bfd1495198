package io.learnopt.spark;

import io.learnopt.UsageException;
import io.learnopt.lopt.MetaParameters;
import io.learnopt.outer.GradientEstimator;
import io.learnopt.outer.Objective;
import io.learnopt.outer.OrderedTree;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.outer.TruncatedBptt;
import io.learnopt.outer.TruncationWorker;
import io.learnopt.tasks.ProblemTasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Truncated BPTT with each group of the task batch as a Spark task: every outer step is one job of
 * G tasks that read φ (and, to catch up if Spark placed a group elsewhere, the φ of the round's
 * earlier truncations, broadcast), run their group's truncation where its state is kept ({@link
 * ExecutorState}) and return the group's meta-gradient; they are added along the fixed {@link
 * OrderedTree} (its lower levels on the executors when the gradients are too many bytes for the
 * driver, the rest on the driver) and the outer trainer takes its step. The gradients are those of
 * {@link TruncatedBptt} with the same groups run single-threaded, bit for bit.
 */
public final class SparkBptt implements GradientEstimator {
  private final JavaSparkContext sc;
  private final GroupSpec spec;
  private final List<float[]> history = new ArrayList<>();
  private long historyRound = -1;

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
              groups,
              null));
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
    OrderedTree.Partial root;
    try {
      JavaPairRDD<Integer, OrderedTree.Partial> level =
          sc.parallelize(IntStream.range(0, s.groups()).boxed().toList(), s.groups())
              .mapToPair(
                  g -> {
                    TruncationWorker worker = ExecutorState.worker(s, g);
                    synchronized (worker) {
                      double loss = worker.run(phi, round, u, earlier.value());
                      return new Tuple2<>(
                          g, new OrderedTree.Partial(loss, worker.metaGradient().clone()));
                    }
                  });
      root = treeSum(level, s.groups(), phi.length, DRIVER_BYTES);
    } finally {
      earlier.destroy();
    }
    double loss = TruncatedBptt.combine(s.objective(), s.truncation(), root, grad);
    history.add(phi);
    return loss;
  }

  /**
   * Bytes of partial sums the driver takes in at once before the levels below are added on the
   * executors instead. An executor level is a shuffle stage: on the 2-core machine it cost 160 ms
   * at 32 groups and 830 ms at 128 (bench/results/2026-12-06-spark/NOTES.md), while 32 MB take
   * about 0.25 s to arrive over 1 Gb/s; below this the driver adds every level itself.
   */
  static final long DRIVER_BYTES = 32L << 20;

  /**
   * The root of {@link OrderedTree} over {@code leaves} (node index → partial sum, {@code count}
   * nodes of {@code floats} floats): while a level's nodes would bring the driver more than {@code
   * driverBytes}, the level above is summed on the executors, each parent by one Spark task adding
   * its children in index order; the driver adds the rest. The same tree either way, so the same
   * bits.
   */
  static OrderedTree.Partial treeSum(
      JavaPairRDD<Integer, OrderedTree.Partial> leaves, int count, int floats, long driverBytes) {
    JavaPairRDD<Integer, OrderedTree.Partial> level = leaves;
    int nodes = count;
    while (nodes > OrderedTree.FAN_IN && 4L * floats * nodes > driverBytes) {
      int parents = (nodes + OrderedTree.FAN_IN - 1) / OrderedTree.FAN_IN;
      level =
          level
              .mapToPair(node -> new Tuple2<>(node._1() / OrderedTree.FAN_IN, node))
              .groupByKey(parents)
              .mapValues(SparkBptt::sumInOrder);
      nodes = parents;
    }
    List<Tuple2<Integer, OrderedTree.Partial>> top = new ArrayList<>(level.collect());
    top.sort(Comparator.comparingInt(Tuple2::_1));
    return OrderedTree.root(top.stream().map(Tuple2::_2).toList());
  }

  private static OrderedTree.Partial sumInOrder(
      Iterable<Tuple2<Integer, OrderedTree.Partial>> children) {
    List<Tuple2<Integer, OrderedTree.Partial>> sorted = new ArrayList<>();
    children.forEach(sorted::add);
    sorted.sort(Comparator.comparingInt(Tuple2::_1));
    return OrderedTree.sum(sorted.stream().map(Tuple2::_2).toList());
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
