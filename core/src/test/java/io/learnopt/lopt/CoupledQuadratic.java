package io.learnopt.lopt;

import io.learnopt.tensor.Rng;

/**
 * f(θ) = Σ_i a_i (θ_i − b_i)² + c·(Σ_i θ_i)²: smooth, and coupling every coordinate (so groups and
 * tensors interact), for meta-gradient checks of learned rules.
 */
record CoupledQuadratic(float[] a, float[] b, float c) {
  static CoupledQuadratic random(long seed, int n) {
    Rng rng = new Rng(seed);
    float[] a = new float[n];
    float[] b = new float[n];
    rng.fillUniform(a, 0.5f, 2f);
    rng.fillGaussian(b, 0f, 1f);
    return new CoupledQuadratic(a, b, 0.05f);
  }

  double loss(float[] theta) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < a.length; i++) {
      double d = theta[i] - b[i];
      sum += a[i] * d * d;
      total += theta[i];
    }
    return sum + c * total * total;
  }

  void gradient(float[] theta, float[] grad) {
    double total = 0;
    for (float v : theta) {
      total += v;
    }
    for (int i = 0; i < a.length; i++) {
      grad[i] = (float) (2 * a[i] * (theta[i] - b[i]) + 2 * c * total);
    }
  }
}
