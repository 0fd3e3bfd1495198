package io.learnopt.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.tensor.Rng;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tasks of every problem: gradients against central finite differences, closed forms, seeding
 * and the freshness of θ₀.
 */
class ProblemTasksTest {

  static Stream<Problem> problems() {
    return Stream.of(
        new QuadraticProblem(10),
        new QuadraticProblem(3),
        new PolynomialProblem(6, 50, 0.1),
        new PolynomialProblem(2, 7, 0),
        new RosenbrockProblem());
  }

  /** Every problem at a few seeds and a few points (θ₀ and random points around it). */
  static Stream<Arguments> problemsAndSeeds() {
    return problems().flatMap(p -> Stream.of(1L, 42L, -7L).map(s -> Arguments.of(p, s)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("problemsAndSeeds")
  void gradientMatchesCentralFiniteDifferences(Problem problem, long seed) {
    Task task = problem.sample(seed);
    int n = task.dimension();
    Rng rng = new Rng(seed + 1000);
    float[][] points = new float[3][];
    points[0] = task.initialParams();
    for (int p = 1; p < points.length; p++) {
      points[p] = task.initialParams();
      for (int i = 0; i < n; i++) {
        points[p][i] += (float) (0.5 * rng.nextGaussian());
      }
    }
    // Quadratic and polynomial losses are quadratic in θ, so a large h costs no truncation error
    // and keeps the float rounding of f small relative to the difference; Rosenbrock is quartic.
    double h = problem instanceof RosenbrockProblem ? 1e-3 : 1e-2;
    for (float[] theta : points) {
      float[] grad = new float[n];
      float loss = task.lossAndGradient(theta.clone(), 0, grad);
      for (int i = 0; i < n; i++) {
        float[] plus = theta.clone();
        float[] minus = theta.clone();
        plus[i] = (float) (theta[i] + h);
        minus[i] = (float) (theta[i] - h);
        float[] scratch = new float[n];
        double fPlus = task.lossAndGradient(plus, 0, scratch);
        double fMinus = task.lossAndGradient(minus, 0, scratch);
        // Divide by the step actually taken in float, not the nominal 2h.
        double fd = (fPlus - fMinus) / ((double) plus[i] - minus[i]);
        // Rounding of two float losses (≈ ulp(f)/h) + float rounding of ∇f + Rosenbrock's h²·f'''.
        double tolerance = 4 * Math.ulp(loss) / h + 1e-4 * Math.abs(fd) + 1e-3;
        assertEquals(
            fd,
            grad[i],
            tolerance,
            problem.name()
                + " seed "
                + seed
                + " coordinate "
                + i
                + " at "
                + Arrays.toString(theta));
      }
    }
  }

  @Test
  void quadraticWithIdentityMatrixIsSquaredDistanceToY() {
    int d = 4;
    float[] w = new float[d * d];
    for (int i = 0; i < d; i++) {
      w[i * d + i] = 1f;
    }
    float[] y = {1f, -2f, 0.5f, 3f};
    Task task = new QuadraticProblem.QuadraticTask(w, y, new float[d]);
    float[] theta = {0f, 1f, 0.5f, -1f};
    float[] grad = new float[d];
    // f = ‖θ − y‖² = 1 + 9 + 0 + 16; ∇f = 2(θ − y).
    assertEquals(26f, task.lossAndGradient(theta, 0, grad));
    assertArrayEquals(new float[] {-2f, 6f, 0f, -8f}, grad);
    assertEquals(0f, task.lossAndGradient(y.clone(), 0, grad));
    assertArrayEquals(new float[d], grad, 0f);
  }

  @Test
  void rosenbrockHasMinimumZeroWithZeroGradientAtOneOne() {
    Task task = new RosenbrockProblem().sample(5);
    float[] grad = {Float.NaN, Float.NaN};
    assertEquals(0f, task.lossAndGradient(new float[] {1f, 1f}, 0, grad));
    // −0 and +0 are both the exact zero gradient.
    assertArrayEquals(new float[] {0f, 0f}, grad, 0f);
    // At the origin: f = 1, ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)) = (−2, 0).
    assertEquals(1f, task.lossAndGradient(new float[] {0f, 0f}, 0, grad));
    assertArrayEquals(new float[] {-2f, 0f}, grad);
    // At (−1, 2): valley = 1, f = 4 + 100 = 104, ∇f = (−4 + 400, 200).
    assertEquals(104f, task.lossAndGradient(new float[] {-1f, 2f}, 0, grad));
    assertArrayEquals(new float[] {396f, 200f}, grad);
  }

  @Test
  void rosenbrockStartsInsideItsBox() {
    for (long seed = 0; seed < 200; seed++) {
      float[] start = new RosenbrockProblem().sample(seed).initialParams();
      assertTrue(start[0] >= -2 && start[0] <= 2, "x0 " + start[0]);
      assertTrue(start[1] >= -1 && start[1] <= 3, "y0 " + start[1]);
    }
  }

  @Test
  void polynomialLossAtZeroIsMeanSquareOfTargets() {
    // f(0) = (1/n) Σ y_i²; θ₀ = 0 and the dimension is degree + 1.
    PolynomialProblem problem = new PolynomialProblem(3, 20, 0);
    PolynomialProblem.PolynomialTask task = (PolynomialProblem.PolynomialTask) problem.sample(9);
    double meanSquare = 0;
    for (float v : task.y()) {
      meanSquare += (double) v * v;
    }
    meanSquare /= task.y().length;
    float[] grad = new float[4];
    assertEquals(meanSquare, task.lossAndGradient(new float[4], 0, grad), 1e-6 * meanSquare);
    assertEquals(4, task.dimension());
    assertArrayEquals(new float[4], task.initialParams());
  }

  @ParameterizedTest
  @MethodSource("problems")
  void sameSeedGivesSameTask(Problem problem) {
    Task a = problem.sample(123);
    Task b = problem.sample(123);
    assertArrayEquals(a.initialParams(), b.initialParams());
    float[] theta = probe(a.dimension());
    float[] gradA = new float[a.dimension()];
    float[] gradB = new float[b.dimension()];
    assertEquals(a.lossAndGradient(theta, 0, gradA), b.lossAndGradient(theta, 0, gradB));
    assertArrayEquals(gradA, gradB);
  }

  @ParameterizedTest
  @MethodSource("problems")
  void differentSeedsGiveDifferentTasks(Problem problem) {
    Task a = problem.sample(123);
    Task b = problem.sample(124);
    float[] theta = probe(a.dimension());
    float[] gradA = new float[a.dimension()];
    float[] gradB = new float[b.dimension()];
    float lossA = a.lossAndGradient(theta, 0, gradA);
    float lossB = b.lossAndGradient(theta, 0, gradB);
    if (problem instanceof RosenbrockProblem) {
      // Rosenbrock tasks share f and differ only in where they start.
      assertFalse(Arrays.equals(a.initialParams(), b.initialParams()));
    } else {
      assertFalse(lossA == lossB && Arrays.equals(gradA, gradB), "tasks 123 and 124 coincide");
    }
  }

  @ParameterizedTest
  @MethodSource("problems")
  void initialParamsReturnsAFreshCopy(Problem problem) {
    Task task = problem.sample(77);
    float[] first = task.initialParams();
    float[] expected = first.clone();
    Arrays.fill(first, 1234f);
    float[] second = task.initialParams();
    assertNotSame(first, second);
    assertArrayEquals(expected, second);
    assertEquals(task.dimension(), second.length);
  }

  @ParameterizedTest
  @MethodSource("problems")
  void lossAndGradientDoesNotModifyParams(Problem problem) {
    Task task = problem.sample(5);
    float[] theta = probe(task.dimension());
    float[] copy = theta.clone();
    task.lossAndGradient(theta, 0, new float[task.dimension()]);
    assertArrayEquals(copy, theta);
  }

  private static float[] probe(int n) {
    float[] theta = new float[n];
    for (int i = 0; i < n; i++) {
      theta[i] = 0.3f - 0.1f * i;
    }
    return theta;
  }
}
