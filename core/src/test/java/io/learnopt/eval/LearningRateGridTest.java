package io.learnopt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.optim.Aliases;
import io.learnopt.problem.Problem;
import io.learnopt.problem.QuadraticProblem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateGridTest {

  @Test
  void defaultGridIsNineHalfDecadeStepsFromOneInTenThousandToOne() {
    double[] rates = new LearningRateGrid().rates();
    assertEquals(9, rates.length);
    for (int k = 0; k < rates.length; k++) {
      double expected = Math.pow(10, -4 + 0.5 * k);
      assertEquals(expected, rates[k], 1e-12 * expected, "rate " + k);
    }
    assertEquals(1e-4, rates[0], 1e-18);
    assertEquals(1.0, rates[8], 1e-15);
    assertEquals(Math.sqrt(10) * 1e-4, rates[1], 1e-16);
  }

  @Test
  void customGrid() {
    assertArrayEquals(new double[] {0.01, 0.1, 1}, new LearningRateGrid(-2, 0, 1).rates(), 1e-15);
    assertArrayEquals(new double[] {1e-3}, new LearningRateGrid(-3, -3, 4).rates(), 1e-18);
  }

  @Test
  void emptyGridIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new LearningRateGrid(0, -1, 2));
    assertThrows(IllegalArgumentException.class, () -> new LearningRateGrid(-2, 0, 0));
  }

  @Test
  void ratesReturnsACopy() {
    LearningRateGrid grid = new LearningRateGrid();
    grid.rates()[0] = 42;
    assertEquals(1e-4, grid.rates()[0], 1e-18);
  }

  @Test
  void tunePicksTheRateWithLowestMeanFinalLoss() {
    Problem problem = new QuadraticProblem(3);
    long[] seeds = {21, 22, 23};
    int steps = 20;
    Evaluator evaluator = new Evaluator(1);
    LearningRateGrid grid = new LearningRateGrid(-3, 0, 2);
    List<Double> asked = new ArrayList<>();
    LearningRateGrid.Result result =
        grid.tune(
            lr -> {
              asked.add(lr);
              return Aliases.sgd(lr);
            },
            problem,
            seeds,
            steps,
            evaluator);
    assertArrayEquals(grid.rates(), result.rates());
    assertEquals(grid.rates().length, asked.size());
    int best = 0;
    for (int k = 0; k < result.rates().length; k++) {
      double mean =
          evaluator
              .run(Aliases.sgd(result.rates()[k]), problem, seeds, steps)
              .finalSummary()
              .mean();
      assertEquals(mean, result.meanFinalLoss()[k], "rate " + result.rates()[k]);
      if (mean < result.meanFinalLoss()[best]) {
        best = k;
      }
    }
    assertEquals(result.rates()[best], result.bestRate());
    // The grid spans both slow and diverging rates, so the choice is a real one.
    assertNotEquals(result.rates()[0], result.bestRate());
    assertEquals(
        Double.POSITIVE_INFINITY, result.meanFinalLoss()[result.meanFinalLoss().length - 1]);
  }

  /**
   * Tasks f(θ) = a·θ²/2 with curvature a = seed. SGD multiplies θ by (1 − lr·a) per step, so on the
   * tasks {a = 1, a = 100} the rate 10^-1.5 nearly solves a = 1 but diverges on a = 100; the best
   * non-diverging rate, 10^-2, solves a = 100 in one step.
   */
  private static final Problem CURVATURES =
      TestDoubles.problem(
          "curvatures",
          seed -> {
            float a = seed;
            return TestDoubles.task(
                new float[] {1f},
                (params, step, grad) -> {
                  grad[0] = a * params[0];
                  return 0.5f * a * params[0] * params[0];
                });
          });

  @Test
  void aRateThatDivergesOnAnyTaskNeverWins() {
    LearningRateGrid grid = new LearningRateGrid(-3, 0, 2);
    int steps = 200;
    LearningRateGrid.Result result =
        grid.tune(Aliases::sgd, CURVATURES, new long[] {1, 100}, steps, new Evaluator(1));
    double diverging = Math.pow(10, -1.5);
    int k = indexOf(result.rates(), diverging);
    assertEquals(Double.POSITIVE_INFINITY, result.meanFinalLoss()[k]);
    // On the task it does not diverge on, it beats the winner's loss on that task.
    double onEasyTask =
        new Evaluator(1)
            .run(Aliases.sgd(diverging), CURVATURES, new long[] {1}, steps)
            .finalLosses()[0];
    double winnerOnEasyTask =
        new Evaluator(1)
            .run(Aliases.sgd(result.bestRate()), CURVATURES, new long[] {1}, steps)
            .finalLosses()[0];
    assertTrue(onEasyTask < winnerOnEasyTask, onEasyTask + " vs " + winnerOnEasyTask);
    assertEquals(0.01, result.bestRate(), 1e-15);
  }

  @Test
  void aDivergingSmallestRateDoesNotWinByBeingFirst() {
    // The factory makes the first (smallest) rate diverge; the scan starts from it.
    LearningRateGrid grid = new LearningRateGrid(-3, -1, 1);
    LearningRateGrid.Result result =
        grid.tune(
            lr -> Aliases.sgd(lr < 2e-3 ? 1000 : lr),
            new QuadraticProblem(3),
            new long[] {1, 2},
            30,
            new Evaluator(1));
    assertEquals(Double.POSITIVE_INFINITY, result.meanFinalLoss()[0]);
    assertNotEquals(result.rates()[0], result.bestRate());
  }

  /** Tasks f(θ) = a·θ²/2 with one fixed curvature a: SGD's best rate is 1/a. */
  private static Problem curvature(float a) {
    return TestDoubles.problem(
        "curvature-" + a,
        seed ->
            TestDoubles.task(
                new float[] {1f},
                (params, step, grad) -> {
                  grad[0] = a * params[0];
                  return 0.5f * a * params[0] * params[0];
                }));
  }

  @Test
  void aWinnerAtTheTopEdgeExtendsTheGridUntilTheLossTurnsUp() {
    // a = 0.05: SGD's factor per step is 1 − lr·a, best at lr = 20 between the grid points
    // 10 (factor 0.5) and 31.6 (factor −0.58); the grid ends at 1.
    LearningRateGrid grid = new LearningRateGrid(-3, 0, 2);
    List<Double> extensions = new ArrayList<>();
    List<Double> evaluated = new ArrayList<>();
    LearningRateGrid.Result result =
        grid.tune(
            Aliases::sgd,
            curvature(0.05f),
            new long[] {1},
            30,
            new Evaluator(1),
            new LearningRateGrid.Listener() {
              @Override
              public void extending(double rate) {
                extensions.add(rate);
              }

              @Override
              public void evaluated(double rate) {
                evaluated.add(rate);
              }
            });
    assertEquals(10, result.bestRate(), 1e-12);
    assertEquals(3, extensions.size());
    assertEquals(Math.sqrt(10), extensions.get(0), 1e-12);
    assertEquals(Math.pow(10, 1.5), extensions.get(2), 1e-9);
    assertEquals(grid.rates().length + 3, evaluated.size());
    assertEquals(grid.rates().length + 3, result.rates().length);
    for (int k = 1; k < result.rates().length; k++) {
      assertTrue(result.rates()[k] > result.rates()[k - 1], "ascending");
    }
    assertTrue(!result.bestAtEdge());
  }

  @Test
  void aWinnerAtTheBottomEdgeExtendsTheGridDownwards() {
    // a = 10^4: every rate of 10^-3 … 10^-1 diverges; 10^-4 solves the task in one step.
    LearningRateGrid grid = new LearningRateGrid(-3, -1, 1);
    LearningRateGrid.Result result =
        grid.tune(Aliases::sgd, curvature(1e4f), new long[] {1}, 20, new Evaluator(1));
    assertEquals(1e-4, result.bestRate(), 1e-16);
    assertArrayEquals(new double[] {1e-5, 1e-4, 1e-3, 1e-2, 1e-1}, result.rates(), 1e-15);
    assertEquals(Double.POSITIVE_INFINITY, result.meanFinalLoss()[2]);
    assertTrue(!result.bestAtEdge());
  }

  @Test
  void theExtensionStopsAfterItsLimitAndSaysTheBestIsAtTheEdge() {
    // f(θ) = 1/(1 + θ) decreases forever for θ ≥ 0: the larger the step, the lower the loss.
    Problem downhill =
        TestDoubles.problem(
            "downhill",
            seed ->
                TestDoubles.task(
                    new float[] {0f},
                    (params, step, grad) -> {
                      float f = 1f / (1f + params[0]);
                      grad[0] = -f * f;
                      return f;
                    }));
    LearningRateGrid grid = new LearningRateGrid(-2, 0, 1);
    LearningRateGrid.Result result =
        grid.tune(Aliases::sgd, downhill, new long[] {1}, 5, new Evaluator(1));
    assertEquals(3 + LearningRateGrid.MAX_EXTENSIONS, result.rates().length);
    assertEquals(1e4, result.bestRate(), 1e-6);
    assertTrue(result.bestAtEdge());
  }

  private static int indexOf(double[] rates, double rate) {
    for (int k = 0; k < rates.length; k++) {
      if (Math.abs(rates[k] - rate) < 1e-12) {
        return k;
      }
    }
    throw new AssertionError(rate + " not in grid");
  }
}
