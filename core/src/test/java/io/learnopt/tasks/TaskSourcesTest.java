package io.learnopt.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.problem.Problem;
import io.learnopt.problem.QuadraticProblem;
import io.learnopt.problem.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task sources: batches are pure functions of their index; a mixture honours its weights. */
class TaskSourcesTest {
  private static final Problem SMALL = new QuadraticProblem(2);
  private static final Problem LARGE = new QuadraticProblem(5);

  @Test
  void aProblemsBatchIsAFunctionOfItsIndex() {
    TaskSource source = new ProblemTasks(SMALL, 7);
    List<Task> a = source.batch(3, 4);
    List<Task> b = source.batch(3, 4);
    List<Task> c = source.batch(4, 4);
    assertEquals(4, a.size());
    for (int k = 0; k < 4; k++) {
      assertArrayEquals(a.get(k).initialParams(), b.get(k).initialParams());
    }
    assertFalse(
        java.util.Arrays.equals(a.get(0).initialParams(), c.get(0).initialParams()),
        "another batch, other tasks");
    assertEquals("quadratic:dim=2", source.name());
  }

  @Test
  void aMixtureDrawsEachProblemInProportionToItsWeight() {
    TaskMixture mixture = new TaskMixture(List.of(SMALL, LARGE), new double[] {1, 3}, 1);
    int large = 0;
    int total = 0;
    for (int batch = 0; batch < 100; batch++) {
      for (Task task : mixture.batch(batch, 20)) {
        large += task.dimension() == 5 ? 1 : 0;
        total++;
      }
    }
    double share = large / (double) total;
    // 2,000 draws with p = 0.75: the standard deviation of the share is about 0.01.
    assertEquals(0.75, share, 0.04);
    List<Task> again = mixture.batch(42, 20);
    List<Task> first = mixture.batch(42, 20);
    for (int k = 0; k < 20; k++) {
      assertArrayEquals(first.get(k).initialParams(), again.get(k).initialParams());
    }
    assertTrue(mixture.name().startsWith("mixture(quadratic:dim=2*0.25"), mixture.name());
  }

  @Test
  void aMixtureRejectsBadWeights() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new TaskMixture(List.of(SMALL, LARGE), new double[] {1}, 1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TaskMixture(List.of(SMALL, LARGE), new double[] {1, Double.NaN}, 1));
    assertTrue(e.getMessage().contains("quadratic:dim=5"), e.getMessage());
  }
}
