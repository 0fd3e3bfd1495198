package io.learnopt.spark;

import io.learnopt.UsageException;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.lopt.MlpLopt;
import io.learnopt.lopt.MlpLoptConfig;
import io.learnopt.outer.MetaTrainingConfig;
import io.learnopt.outer.OrderedTree;
import io.learnopt.outer.OuterState;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import io.learnopt.problem.Recipe;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scala.Tuple2;

/**
 * {@code learnopt spark bench}: what Spark costs per outer step. Times the same outer steps of a
 * meta-training run in this process and as Spark tasks ({@link SparkBptt}), and an empty Spark job
 * of as many tasks, and prints one JSON object per line.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time outer steps of meta-training in this process and as Spark tasks on --master, and an"
          + " empty Spark job of as many tasks (the scheduling overhead); print one JSON object per"
          + " line: median and min ms per outer step, the Spark overhead per step and the"
          + " efficiency (in-process time / Spark time).",
      "",
      "Example:",
      "  learnopt spark bench --problem mnist-mlp --rule l2l --threads 2 --steps 40"
    })
public final class SparkBenchCommand implements Callable<Integer> {
  @Option(
      names = "--problem",
      defaultValue = "mnist-mlp",
      description = "Problem of the meta-training run (default: ${DEFAULT-VALUE}).")
  String problem;

  @Option(
      names = "--rule",
      defaultValue = "l2l",
      description = "Learned rule: l2l or mlp-lopt (default: ${DEFAULT-VALUE}).")
  String rule;

  @Option(
      names = "--tasks-per-epoch",
      description = "Tasks per outer step, one group per thread (default: 2 per thread).")
  Integer tasks;

  @Option(
      names = "--steps",
      defaultValue = "40",
      description = "Timed outer steps after 2 rounds of warm-up (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Groups per step = local threads = Spark tasks (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--master",
      defaultValue = "local[2]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Override
  public Integer call() {
    if (steps < 1 || threads < 1) {
      throw new UsageException("--steps and --threads must be at least 1");
    }
    Problem parsed = Problems.parse(problem, null);
    Recipe recipe = parsed.recipe();
    int batch = tasks == null ? 2 * threads : tasks;
    LearnedOptimizer learned =
        rule.equals("mlp-lopt")
            ? new MlpLopt(MlpLoptConfig.standard())
            : new L2lLstm(recipe.architecture());
    int warmup = 2 * 5;
    int epochs = (warmup + steps + 4) / 5 + 1;
    MetaTrainingConfig config =
        new MetaTrainingConfig(
            epochs, 20, 100, batch, 1e-3, 1, epochs, 1, 1, threads, recipe.weighting());
    double[] local = time(ProblemMetaTraining.of(parsed, learned, config), warmup);
    try (JavaSparkContext sc = SparkContexts.create(master, "127.0.0.1")) {
      double[] spark =
          time(
              ProblemMetaTraining.of(parsed, learned, config, SparkBptt.factory(sc, problem, null)),
              warmup);
      double[] empty = emptyJobs(sc, threads, warmup);
      print("local", local, learned, batch);
      print("spark " + master, spark, learned, batch);
      print("spark empty job", empty, learned, batch);
      // The driver's cost per task: empty jobs of more tasks than cores (for the scaling model).
      for (int tasksPerJob : new int[] {8, 32, 128}) {
        double[] ms = emptyJobs(sc, tasksPerJob, warmup);
        System.out.printf(
            Locale.ROOT,
            "{\"run\":\"spark empty job\",\"tasks\":%d,\"median_ms\":%.2f,\"min_ms\":%.2f}%n",
            tasksPerJob,
            median(ms),
            Arrays.stream(ms).min().orElse(Double.NaN));
      }
      // Summing the groups' gradients: the whole OrderedTree on the driver against its lower
      // levels on the executors (a shuffle stage per level).
      for (int tasksPerJob : new int[] {8, 32, 128}) {
        for (boolean tree : new boolean[] {false, true}) {
          double[] ms = gradientJobs(sc, tasksPerJob, learned.parameterCount(), tree, warmup);
          System.out.printf(
              Locale.ROOT,
              "{\"run\":\"spark gradient sum\",\"how\":\"%s\",\"tasks\":%d,\"phi_floats\":%d,"
                  + "\"median_ms\":%.2f,\"min_ms\":%.2f}%n",
              tree ? "executor levels" : "driver",
              tasksPerJob,
              learned.parameterCount(),
              median(ms),
              Arrays.stream(ms).min().orElse(Double.NaN));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "{\"spark_overhead_ms\":%.2f,\"efficiency\":%.3f,\"empty_job_median_ms\":%.2f}%n",
          median(spark) - median(local),
          median(local) / median(spark),
          median(empty));
    }
    return 0;
  }

  /** Milliseconds of {@code steps} jobs of {@code tasks} tasks that do nothing. */
  private double[] emptyJobs(JavaSparkContext sc, int tasks, int warmup) {
    double[] ms = new double[steps];
    List<Integer> items = IntStream.range(0, tasks).boxed().toList();
    for (int i = 0; i < warmup + steps; i++) {
      long start = System.nanoTime();
      sc.parallelize(items, tasks).map(g -> g).collect();
      if (i >= warmup) {
        ms[i - warmup] = (System.nanoTime() - start) / 1e6;
      }
    }
    return ms;
  }

  /**
   * Milliseconds of {@code steps} jobs of {@code tasks} tasks that each return a zero gradient of
   * {@code floats} floats, summed along the {@link OrderedTree} on the driver or, as far as it
   * goes, on the executors.
   */
  private double[] gradientJobs(
      JavaSparkContext sc, int tasks, int floats, boolean tree, int warmup) {
    double[] ms = new double[steps];
    List<Integer> items = IntStream.range(0, tasks).boxed().toList();
    for (int i = 0; i < warmup + steps; i++) {
      long start = System.nanoTime();
      JavaPairRDD<Integer, OrderedTree.Partial> leaves =
          sc.parallelize(items, tasks)
              .mapToPair(g -> new Tuple2<>(g, new OrderedTree.Partial(g, new float[floats])));
      SparkBptt.treeSum(leaves, tasks, floats, tree ? 0 : Long.MAX_VALUE);
      if (i >= warmup) {
        ms[i - warmup] = (System.nanoTime() - start) / 1e6;
      }
    }
    return ms;
  }

  /** Per-step milliseconds of {@code steps} outer steps after {@code warmup} of them. */
  private double[] time(ProblemMetaTraining training, int warmup) {
    try (training) {
      OuterState state = training.initialState();
      double[] ms = new double[steps];
      for (int i = 0; i < warmup + steps; i++) {
        long start = System.nanoTime();
        training.trainer().step(state, i);
        if (i >= warmup) {
          ms[i - warmup] = (System.nanoTime() - start) / 1e6;
        }
      }
      return ms;
    }
  }

  private void print(String what, double[] ms, LearnedOptimizer learned, int batch) {
    System.out.printf(
        Locale.ROOT,
        "{\"run\":\"%s\",\"problem\":\"%s\",\"rule\":\"%s\",\"tasks_per_step\":%d,\"groups\":%d,"
            + "\"phi_floats\":%d,\"median_ms\":%.2f,\"min_ms\":%.2f,\"steps\":%d}%n",
        what,
        problem,
        rule,
        batch,
        threads,
        learned.parameterCount(),
        median(ms),
        Arrays.stream(ms).min().orElse(Double.NaN),
        ms.length);
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
