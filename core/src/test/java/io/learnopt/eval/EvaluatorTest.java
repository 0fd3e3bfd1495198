package io.learnopt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.optim.Aliases;
import io.learnopt.optim.Optimizer;
import io.learnopt.problem.Problem;
import io.learnopt.problem.QuadraticProblem;
import io.learnopt.problem.Task;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluatorTest {
  private static final Problem PROBLEM = new QuadraticProblem(5);
  private static final long[] SEEDS = {11, 12, 13};

  /** Plain SGD written out: f(θ_t) for t = 0..steps, NaN from the first non-finite loss on. */
  private static double[] handWrittenSgd(Task task, float lr, int steps) {
    float[] theta = task.initialParams();
    float[] grad = new float[theta.length];
    double[] losses = new double[steps + 1];
    boolean diverged = false;
    for (int t = 0; t <= steps; t++) {
      float loss = diverged ? Float.NaN : task.lossAndGradient(theta, t, grad);
      for (float g : grad) {
        diverged |= !Float.isFinite(g);
      }
      diverged |= !Float.isFinite(loss);
      losses[t] = diverged ? Double.NaN : loss;
      for (int i = 0; i < theta.length; i++) {
        theta[i] += -lr * grad[i];
      }
    }
    return losses;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void sgdLossesEqualAHandWrittenLoop(int threads) {
    float lr = 0.01f;
    LossCurves curves = new Evaluator(threads).run(Aliases.sgd(lr), PROBLEM, SEEDS, 25);
    assertEquals(SEEDS.length, curves.tasks());
    assertEquals(25, curves.steps());
    for (int k = 0; k < SEEDS.length; k++) {
      double[] expected = handWrittenSgd(PROBLEM.sample(SEEDS[k]), lr, 25);
      assertArrayEquals(expected, curves.losses()[k], "task " + k);
    }
    // A sanity check that the run is not trivially constant: SGD at a stable rate descends.
    assertTrue(curves.losses()[0][25] < curves.losses()[0][0]);
  }

  @Test
  void divergingOptimizerGivesNanFromTheDivergenceStepOnWithoutThrowing() {
    float lr = 1000f;
    int steps = 60;
    LossCurves curves = new Evaluator(1).run(Aliases.sgd(lr), PROBLEM, SEEDS, steps);
    for (int k = 0; k < SEEDS.length; k++) {
      double[] losses = curves.losses()[k];
      double[] expected = handWrittenSgd(PROBLEM.sample(SEEDS[k]), lr, steps);
      assertArrayEquals(expected, losses, "task " + k);
      int first = firstNaN(losses);
      assertTrue(first > 0 && first <= steps, "task " + k + " never diverged");
      for (int t = 0; t < first; t++) {
        assertTrue(Double.isFinite(losses[t]), "task " + k + " step " + t);
      }
      for (int t = first; t <= steps; t++) {
        assertTrue(Double.isNaN(losses[t]), "task " + k + " step " + t);
      }
    }
    assertEquals(Double.POSITIVE_INFINITY, curves.finalSummary().mean());
  }

  @Test
  void nanUpdateIsCaughtAtTheNextLoss() {
    Optimizer nan =
        TestDoubles.optimizer("nan", (grad, params, update) -> Arrays.fill(update, Float.NaN));
    double[] losses = new Evaluator(1).run(nan, PROBLEM, new long[] {1}, 4).losses()[0];
    assertTrue(Double.isFinite(losses[0]));
    for (int t = 1; t <= 4; t++) {
      assertTrue(Double.isNaN(losses[t]), "step " + t);
    }
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() {
    long[] seeds = {1, 2, 3, 4, 5, 6, 7};
    Optimizer adam = Aliases.adam(0.05);
    LossCurves one = new Evaluator(1).run(adam, PROBLEM, seeds, 30);
    LossCurves two = new Evaluator(2).run(adam, PROBLEM, seeds, 30);
    assertArrayEquals(one.losses(), two.losses());
    // Different tasks really were run in each slot.
    assertNotEquals(one.losses()[0][0], one.losses()[1][0]);
  }

  @Test
  void runningSeveralOptimizersTogetherGivesEachItsOwnRun() {
    long[] seeds = {1, 2, 3};
    Problem problem = new QuadraticProblem(4);
    List<Optimizer> optimizers = List.of(Aliases.sgd(0.01), Aliases.adam(0.1), Aliases.sgd(0.1));
    List<LossCurves> together = new Evaluator(2).runAll(optimizers, problem, seeds, 15);
    assertEquals(3, together.size());
    for (int o = 0; o < 3; o++) {
      LossCurves alone = new Evaluator(1).run(optimizers.get(o), problem, seeds, 15);
      for (int i = 0; i < seeds.length; i++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(
            alone.losses()[i], together.get(o).losses()[i], "optimizer " + o + " task " + i);
      }
    }
  }

  @Test
  void exceptionFromAWorkerThreadIsRethrownUnwrapped() {
    Problem broken =
        TestDoubles.problem(
            "broken",
            seed -> {
              throw new IllegalStateException("no task " + seed);
            });
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new Evaluator(2).run(Aliases.sgd(0.1), broken, new long[] {8, 9}, 3));
    assertTrue(e.getMessage().startsWith("no task"), e.getMessage());
  }

  @Test
  void threadCountMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new Evaluator(0));
  }

  private static int firstNaN(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        return i;
      }
    }
    return -1;
  }
}
