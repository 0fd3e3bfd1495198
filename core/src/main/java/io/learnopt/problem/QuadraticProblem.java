package io.learnopt.problem;

import io.learnopt.tensor.Rng;

/**
 * Random quadratics f(θ) = ‖Wθ − y‖² with W (d×d) and y (d) from N(0, 1) and θ₀ from N(0, 0.01²):
 * the first experiment of Andrychowicz et al. 2016 (§3.1, Fig. 2, d = 10).
 *
 * @param dimension d
 */
public record QuadraticProblem(int dimension) implements Problem {

  /** Validates the dimension. */
  public QuadraticProblem {
    ProblemOptions.requirePositive("dim", dimension);
    if ((long) dimension * dimension > MAX_DIMENSION * MAX_DIMENSION) {
      throw new io.learnopt.UsageException(
          "option dim of problem 'quadratic' must be at most "
              + MAX_DIMENSION
              + " (each task holds a dim × dim matrix in one array), got "
              + dimension);
    }
  }

  /** The largest d whose d × d matrix fits in one float[]. */
  public static final int MAX_DIMENSION = 46_340;

  @Override
  public long taskBytes() {
    return 4L * ((long) dimension * dimension + 3L * dimension);
  }

  @Override
  public long taskCoordinates() {
    return dimension;
  }

  @Override
  public Recipe recipe() {
    return Recipe.quadratic();
  }

  @Override
  public String name() {
    return dimension == 10 ? "quadratic" : "quadratic:dim=" + dimension;
  }

  @Override
  public Task sample(long seed) {
    Rng rng = new Rng(seed);
    float[] w = new float[dimension * dimension];
    float[] y = new float[dimension];
    float[] theta0 = new float[dimension];
    rng.fillGaussian(w, 0f, 1f);
    rng.fillGaussian(y, 0f, 1f);
    rng.fillGaussian(theta0, 0f, 0.01f);
    return new QuadraticTask(w, y, theta0);
  }

  /** One quadratic: its W, y and θ₀. */
  record QuadraticTask(float[] w, float[] y, float[] theta0) implements Task {
    @Override
    public int dimension() {
      return y.length;
    }

    @Override
    public float[] initialParams() {
      return theta0.clone();
    }

    /** f = ‖r‖² with r = Wθ − y; ∇f = 2Wᵀr. */
    @Override
    public float lossAndGradient(float[] params, int step, float[] grad) {
      int d = y.length;
      double loss = 0;
      float[] r = new float[d];
      for (int i = 0; i < d; i++) {
        double s = -y[i];
        for (int k = 0; k < d; k++) {
          s += w[i * d + k] * params[k];
        }
        r[i] = (float) s;
        loss += s * s;
      }
      for (int k = 0; k < d; k++) {
        double s = 0;
        for (int i = 0; i < d; i++) {
          s += w[i * d + k] * r[i];
        }
        grad[k] = (float) (2 * s);
      }
      return (float) loss;
    }
  }
}
