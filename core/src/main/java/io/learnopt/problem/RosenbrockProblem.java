package io.learnopt.problem;

import io.learnopt.tensor.Rng;

/**
 * The 2-D Rosenbrock function f(x, y) = (1 − x)² + 100·(y − x²)², a non-convex sanity check with a
 * curved valley; each task starts from (x₀, y₀) uniform in [−2, 2] × [−1, 3]. Minimum 0 at (1, 1).
 */
public record RosenbrockProblem() implements Problem {

  @Override
  public String name() {
    return "rosenbrock";
  }

  @Override
  public Task sample(long seed) {
    Rng rng = new Rng(seed);
    float x0 = (float) (4 * rng.nextDouble() - 2);
    float y0 = (float) (4 * rng.nextDouble() - 1);
    return new RosenbrockTask(x0, y0);
  }

  /** One start point. */
  record RosenbrockTask(float x0, float y0) implements Task {
    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public float[] initialParams() {
      return new float[] {x0, y0};
    }

    @Override
    public float lossAndGradient(float[] params, int step, float[] grad) {
      double x = params[0];
      double y = params[1];
      double valley = y - x * x;
      grad[0] = (float) (-2 * (1 - x) - 400 * x * valley);
      grad[1] = (float) (200 * valley);
      return (float) ((1 - x) * (1 - x) + 100 * valley * valley);
    }
  }
}
