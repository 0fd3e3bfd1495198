package io.learnopt.problem;

import io.learnopt.tensor.Rng;

/**
 * Fitting the coefficients of a random polynomial of degree {@code degree} (7 coefficients for
 * degree 6) to {@code samples} noisy samples: coefficients c_k ~ N(0, 1), x uniform in [−1, 1], y =
 * Σ_k c_k x^k + ε with ε ~ N(0, noise²); f(θ) = (1/n) Σ_i (Σ_k θ_k x_i^k − y_i)², θ₀ = 0. A
 * least-squares problem whose Vandermonde design is badly conditioned, so step-size choice matters.
 *
 * @param degree polynomial degree (6)
 * @param samples number of noisy samples (50)
 * @param noise standard deviation of the sample noise (0.1)
 */
public record PolynomialProblem(int degree, int samples, double noise) implements Problem {

  /** Validates the options. */
  public PolynomialProblem {
    ProblemOptions.requirePositive("degree", degree);
    ProblemOptions.requirePositive("samples", samples);
    if (!(noise >= 0) || Double.isInfinite(noise)) {
      throw new io.learnopt.UsageException(
          "option noise must be a non-negative number, got " + noise);
    }
  }

  @Override
  public String name() {
    return "polynomial:degree=" + degree + ",samples=" + samples + ",noise=" + noise;
  }

  @Override
  public Task sample(long seed) {
    Rng rng = new Rng(seed);
    int terms = degree + 1;
    double[] coefficients = new double[terms];
    for (int k = 0; k < terms; k++) {
      coefficients[k] = rng.nextGaussian();
    }
    float[] powers = new float[samples * terms];
    float[] y = new float[samples];
    for (int i = 0; i < samples; i++) {
      double x = 2 * rng.nextDouble() - 1;
      double xk = 1;
      double value = 0;
      for (int k = 0; k < terms; k++) {
        powers[i * terms + k] = (float) xk;
        value += coefficients[k] * xk;
        xk *= x;
      }
      y[i] = (float) (value + noise * rng.nextGaussian());
    }
    return new PolynomialTask(powers, y, terms);
  }

  /** One fitting problem: the powers x_i^k (n × terms) and targets y. */
  record PolynomialTask(float[] powers, float[] y, int terms) implements Task {
    @Override
    public int dimension() {
      return terms;
    }

    @Override
    public float[] initialParams() {
      return new float[terms];
    }

    /** f = (1/n)‖Xθ − y‖², ∇f = (2/n)Xᵀ(Xθ − y). */
    @Override
    public float lossAndGradient(float[] params, int step, float[] grad) {
      int n = y.length;
      double loss = 0;
      double[] g = new double[terms];
      for (int i = 0; i < n; i++) {
        double r = -y[i];
        for (int k = 0; k < terms; k++) {
          r += powers[i * terms + k] * params[k];
        }
        loss += r * r;
        for (int k = 0; k < terms; k++) {
          g[k] += 2 * r * powers[i * terms + k];
        }
      }
      for (int k = 0; k < terms; k++) {
        grad[k] = (float) (g[k] / n);
      }
      return (float) (loss / n);
    }
  }
}
