package io.learnopt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.optim.Aliases;
import io.learnopt.problem.FinalMetrics;
import io.learnopt.problem.Problem;
import io.learnopt.problem.QuadraticProblem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComparisonTest {
  private static final Problem PROBLEM = new QuadraticProblem(3);
  private static final int STEPS = 15;
  private static final int TASKS = 3;
  private static final long SEED = 5;

  private record Call(String contender, Double learningRate) {}

  @Test
  void tunedAndFixedContenders() {
    Evaluator evaluator = new Evaluator(1);
    LearningRateGrid grid = new LearningRateGrid(-3, 0, 1);
    Comparison comparison = new Comparison(PROBLEM, STEPS, TASKS, SEED, evaluator, grid);
    List<Contender> contenders =
        List.of(
            new Contender.Fixed("adam-0.05", Aliases.adam(0.05), 0.05), new Contender.Tuned("sgd"));
    List<Call> calls = new ArrayList<>();
    Comparison.Result result =
        comparison.run(contenders, (name, lr) -> calls.add(new Call(name, lr)));

    assertEquals(comparison.evaluations(contenders), calls.size());
    assertEquals(1 + grid.rates().length + 1, calls.size());
    assertEquals(new Call("adam-0.05", 0.05), calls.get(0));
    for (int k = 0; k < grid.rates().length; k++) {
      assertEquals(new Call("sgd", grid.rates()[k]), calls.get(1 + k));
    }

    assertEquals(PROBLEM.name(), result.problem());
    assertEquals(STEPS, result.steps());
    assertEquals(TASKS, result.tasks());
    assertEquals(SEED, result.seed());
    assertEquals(
        List.of("adam-0.05", "sgd"), result.entries().stream().map(e -> e.name()).toList());

    long[] testSeeds = TaskSeeds.TEST.seeds(SEED, 0, TASKS);
    Comparison.Entry fixed = result.entries().get(0);
    assertEquals(0.05, fixed.learningRate());
    assertNull(fixed.tuning());
    assertArrayEquals(
        evaluator.run(Aliases.adam(0.05), PROBLEM, testSeeds, STEPS).losses(),
        fixed.curves().losses());

    Comparison.Entry tuned = result.entries().get(1);
    assertEquals(tuned.tuning().bestRate(), tuned.learningRate());
    assertEquals(new Call("sgd", tuned.learningRate()), calls.get(calls.size() - 1));
    assertArrayEquals(grid.rates(), tuned.tuning().rates());
    // Tuned on the TUNE stream, reported on the TEST stream.
    LearningRateGrid.Result expectedTuning =
        grid.tune(Aliases::sgd, PROBLEM, TaskSeeds.TUNE.seeds(SEED, 0, TASKS), STEPS, evaluator);
    assertArrayEquals(expectedTuning.meanFinalLoss(), tuned.tuning().meanFinalLoss());
    assertEquals(expectedTuning.bestRate(), tuned.learningRate());
    assertArrayEquals(
        evaluator.run(Aliases.sgd(tuned.learningRate()), PROBLEM, testSeeds, STEPS).losses(),
        tuned.curves().losses());
    assertEquals(TASKS, tuned.curves().tasks());
    assertEquals(STEPS, tuned.curves().steps());
  }

  /** Counts the tasks sampled, to tell whether an evaluation has run. */
  private static final class CountingProblem implements Problem {
    int sampled;

    @Override
    public io.learnopt.problem.Task sample(long seed) {
      sampled++;
      return PROBLEM.sample(seed);
    }

    @Override
    public String name() {
      return PROBLEM.name();
    }
  }

  @Test
  void progressIsReportedAfterEachEvaluationHasRun() {
    CountingProblem problem = new CountingProblem();
    LearningRateGrid grid = new LearningRateGrid(-3, -1, 1);
    Comparison comparison = new Comparison(problem, 2, TASKS, SEED, new Evaluator(1), grid);
    List<Integer> sampledAtCallback = new ArrayList<>();
    List<Double> extensions = new ArrayList<>();
    List<Contender> contenders = List.of(new Contender.Tuned("sgd"));
    comparison.run(
        contenders,
        new Comparison.Progress() {
          @Override
          public void evaluated(String contender, Double learningRate) {
            sampledAtCallback.add(problem.sampled);
          }

          @Override
          public void extending(String contender, double learningRate) {
            extensions.add(learningRate);
          }
        });
    // SGD's best rate on these quadratics lies between 0.1, the grid's end, and 1: one extension.
    assertEquals(List.of(1.0), extensions);
    // Every evaluation has run (sampled its tasks) before its callback: the k-th callback (1-based)
    // sees at least k·TASKS tasks sampled; the grid's rates run together, so their callbacks come
    // once all of them have run.
    int evaluations = comparison.evaluations(contenders) + extensions.size();
    assertEquals(evaluations, sampledAtCallback.size());
    for (int k = 1; k <= evaluations; k++) {
      assertTrue(sampledAtCallback.get(k - 1) >= k * TASKS, "callback " + k);
    }
    assertEquals(evaluations * TASKS, (int) sampledAtCallback.get(evaluations - 1));
    assertEquals(grid.rates().length * TASKS, (int) sampledAtCallback.get(0));
  }

  /** A task f(θ) = (θ − 1)² whose final metric counts how often it is asked for. */
  private static final class MeteredTask implements io.learnopt.problem.Task, FinalMetrics {
    static final java.util.concurrent.atomic.AtomicInteger ASKED =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public int dimension() {
      return 1;
    }

    @Override
    public float[] initialParams() {
      return new float[] {0f};
    }

    @Override
    public float lossAndGradient(float[] params, int step, float[] grad) {
      grad[0] = 2 * (params[0] - 1);
      return (params[0] - 1) * (params[0] - 1);
    }

    @Override
    public List<String> metricNames() {
      return List.of("asked");
    }

    @Override
    public java.util.Map<String, Double> finalMetrics(float[] params) {
      return java.util.Map.of("asked", (double) ASKED.incrementAndGet());
    }
  }

  @Test
  void onlyTheTestRunsComputeFinalMetricsNotTheGridSearch() {
    Problem metered = TestDoubles.problem("metered", seed -> new MeteredTask());
    LearningRateGrid grid = new LearningRateGrid(-3, -1, 1);
    Comparison comparison = new Comparison(metered, 3, TASKS, SEED, new Evaluator(1), grid);
    MeteredTask.ASKED.set(0);
    Comparison.Result result =
        comparison.run(
            List.of(new Contender.Tuned("sgd"), new Contender.Fixed("f", Aliases.sgd(0.1), 0.1)),
            (name, lr) -> {});
    assertEquals(2 * TASKS, MeteredTask.ASKED.get(), "one per test task and contender");
    for (Comparison.Entry e : result.entries()) {
      assertEquals(List.of("asked"), List.copyOf(e.curves().finalMetrics().keySet()));
    }
  }

  @Test
  void evaluationsCountsGridPlusOneForEachTunedAndOneForEachFixed() {
    LearningRateGrid grid = new LearningRateGrid();
    Comparison comparison = new Comparison(PROBLEM, 1, 1, 0, new Evaluator(1), grid);
    List<Contender> contenders =
        List.of(
            new Contender.Tuned("sgd"),
            new Contender.Tuned("adam"),
            new Contender.Fixed("fixed", Aliases.sgd(0.1), null));
    assertEquals(2 * (9 + 1) + 1, comparison.evaluations(contenders));
    assertEquals(0, comparison.evaluations(List.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nope", "", "lstm"})
  void unknownTunedOptimizerIsAUsageError(String name) {
    UsageException e = assertThrows(UsageException.class, () -> new Contender.Tuned(name));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("sgd"), e.getMessage());
  }
}
