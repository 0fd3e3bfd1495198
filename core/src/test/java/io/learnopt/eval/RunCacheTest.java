package io.learnopt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.learnopt.lopt.MlpLopt;
import io.learnopt.lopt.MlpLoptConfig;
import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;
import io.learnopt.problem.Problem;
import io.learnopt.problem.QuadraticProblem;
import io.learnopt.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCacheTest {
  private static final Problem QUADRATIC = new QuadraticProblem(10);
  private static final List<Optimizer> BASELINES =
      List.of(Optimizers.withLearningRate("sgd", 0.01), Optimizers.withLearningRate("adam", 0.1));
  private static final long[] SEEDS = {11, 12, 13};
  private static final int STEPS = 30;

  /** Counts the (optimizer, task) runs that reach the real runner. */
  private static final class Counting implements Evaluator.Runner {
    int runs;

    @Override
    public Evaluator.TaskRun[][] runAll(
        List<Optimizer> optimizers, Problem problem, long[] seeds, int steps, boolean metrics) {
      runs += optimizers.size() * seeds.length;
      return Evaluator.localRunner(2).runAll(optimizers, problem, seeds, steps, metrics);
    }
  }

  private static void assertSameLosses(Evaluator.TaskRun[][] expected, Evaluator.TaskRun[][] got) {
    assertEquals(expected.length, got.length);
    for (int o = 0; o < expected.length; o++) {
      assertEquals(expected[o].length, got[o].length);
      for (int i = 0; i < expected[o].length; i++) {
        assertArrayEquals(expected[o][i].losses(), got[o][i].losses(), "run " + o + "," + i);
        assertEquals(expected[o][i].metrics(), got[o][i].metrics());
      }
    }
  }

  @Test
  void aSecondCacheOnTheSameDirectoryRunsNothingAndGivesTheSameLosses(@TempDir Path dir) {
    Evaluator.TaskRun[][] direct =
        Evaluator.localRunner(1).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    Counting first = new Counting();
    Evaluator.TaskRun[][] computed =
        new RunCache(dir, "data=x", first).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    assertEquals(6, first.runs);
    assertSameLosses(direct, computed);

    Counting second = new Counting();
    Evaluator.TaskRun[][] served =
        new RunCache(dir, "data=x", second).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    assertEquals(0, second.runs);
    assertSameLosses(direct, served);
    assertEquals(computed[1][2].msPerStep(), served[1][2].msPerStep());
  }

  @Test
  void onlyTheMissingTasksRunAndTheOrderIsKept(@TempDir Path dir) {
    new RunCache(dir, "c", new Counting()).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    long[] more = {10, 11, 12, 13, 14};
    Counting counting = new Counting();
    Evaluator.TaskRun[][] got =
        new RunCache(dir, "c", counting).runAll(BASELINES, QUADRATIC, more, STEPS, false);
    assertEquals(2 * 2, counting.runs);
    assertSameLosses(
        Evaluator.localRunner(1).runAll(BASELINES, QUADRATIC, more, STEPS, false), got);
  }

  @Test
  void anythingInTheKeyChangedRunsAgain(@TempDir Path dir) {
    new RunCache(dir, "c", new Counting()).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    Counting otherContext = new Counting();
    new RunCache(dir, "d", otherContext).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    assertEquals(6, otherContext.runs);
    Counting otherSteps = new Counting();
    new RunCache(dir, "c", otherSteps).runAll(BASELINES, QUADRATIC, SEEDS, STEPS + 1, false);
    assertEquals(6, otherSteps.runs);
    Counting otherRate = new Counting();
    new RunCache(dir, "c", otherRate)
        .runAll(List.of(Optimizers.withLearningRate("sgd", 0.02)), QUADRATIC, SEEDS, STEPS, false);
    assertEquals(3, otherRate.runs);
    Counting otherProblem = new Counting();
    new RunCache(dir, "c", otherProblem)
        .runAll(BASELINES, new QuadraticProblem(5), SEEDS, STEPS, false);
    assertEquals(6, otherProblem.runs);
  }

  @Test
  void runsWithoutFinalMetricsDoNotServeARequestForThem(@TempDir Path dir) {
    new RunCache(dir, "c", new Counting()).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    Counting withMetrics = new Counting();
    new RunCache(dir, "c", withMetrics).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, true);
    assertEquals(6, withMetrics.runs);
    // The runs with metrics replaced them, and serve both kinds of request.
    Counting after = new Counting();
    Evaluator.TaskRun[][] lossesOnly =
        new RunCache(dir, "c", after).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    new RunCache(dir, "c", after).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, true);
    assertEquals(0, after.runs);
    assertEquals(Map.of(), lossesOnly[0][0].metrics());
  }

  @Test
  void learnedOptimizersAreKnownByTheirMetaParameters(@TempDir Path dir) {
    MlpLopt rule = new MlpLopt(MlpLoptConfig.standard());
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(Rng.forKey(5, 0), phi);
    Counting counting = new Counting();
    Evaluator.TaskRun[][] first =
        new RunCache(dir, "c", counting)
            .runAll(List.of(rule.bind(phi)), QUADRATIC, SEEDS, STEPS, false);
    Evaluator.TaskRun[][] again =
        new RunCache(dir, "c", counting)
            .runAll(List.of(rule.bind(phi.clone())), QUADRATIC, SEEDS, STEPS, false);
    assertEquals(3, counting.runs);
    assertSameLosses(first, again);
    phi[0] += 1e-3f;
    new RunCache(dir, "c", counting)
        .runAll(List.of(rule.bind(phi)), QUADRATIC, SEEDS, STEPS, false);
    assertEquals(6, counting.runs);
  }

  @Test
  void optimizersThatCannotBeSerializedAlwaysRun(@TempDir Path dir) {
    Optimizer lambdaRule =
        TestDoubles.optimizer(
            "half",
            (grad, params, update) -> {
              for (int i = 0; i < grad.length; i++) {
                update[i] = -0.01f * grad[i];
              }
            });
    Counting counting = new Counting();
    RunCache cache = new RunCache(dir, "c", counting);
    cache.runAll(List.of(lambdaRule), QUADRATIC, SEEDS, STEPS, false);
    cache.runAll(List.of(lambdaRule), QUADRATIC, SEEDS, STEPS, false);
    assertEquals(6, counting.runs);
    assertEquals(0, count(dir));
  }

  @Test
  void corruptOrTruncatedFilesAreRunAgainAndReplaced(@TempDir Path dir) throws IOException {
    Evaluator.TaskRun[][] good =
        new RunCache(dir, "c", new Counting()).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    assertEquals(6, count(dir));
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.sorted().toList();
      Files.write(all.get(0), new byte[] {1, 2, 3});
      byte[] whole = Files.readAllBytes(all.get(1));
      Files.write(all.get(1), java.util.Arrays.copyOf(whole, whole.length - 5));
      Files.write(all.get(2), new byte[0]);
    }
    Counting counting = new Counting();
    Evaluator.TaskRun[][] again =
        new RunCache(dir, "c", counting).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    assertEquals(3, counting.runs);
    assertSameLosses(good, again);
    Counting clean = new Counting();
    new RunCache(dir, "c", clean).runAll(BASELINES, QUADRATIC, SEEDS, STEPS, false);
    assertEquals(0, clean.runs);
  }

  @Test
  void divergedRunsKeepTheirNans(@TempDir Path dir) {
    List<Optimizer> tooFast = List.of(Optimizers.withLearningRate("sgd", 100));
    Evaluator.TaskRun[][] first =
        new RunCache(dir, "c", new Counting()).runAll(tooFast, QUADRATIC, SEEDS, STEPS, false);
    assertNotEquals(0, java.util.Arrays.stream(first[0][0].losses()).filter(Double::isNaN).count());
    Counting counting = new Counting();
    assertSameLosses(
        first, new RunCache(dir, "c", counting).runAll(tooFast, QUADRATIC, SEEDS, STEPS, false));
    assertEquals(0, counting.runs);
  }

  private static long count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".run")).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
