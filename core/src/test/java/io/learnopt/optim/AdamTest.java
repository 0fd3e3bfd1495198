package io.learnopt.optim;

import static io.learnopt.optim.UpdateSequences.GRADS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdamTest {

  @ParameterizedTest
  @CsvSource({
    "0.001, 0.9, 0.999, 1e-8",
    "0.1, 0.5, 0.9, 1e-8",
    "0.01, 0, 0.99, 1e-3",
    "0.01, 0.9, 0, 1e-8"
  })
  void matchesAlgorithm1(double lr, double beta1, double beta2, double eps) {
    int n = GRADS[0].length;
    double[] m = new double[n];
    double[] v = new double[n];
    double[][] expected = new double[GRADS.length][n];
    for (int t = 1; t <= GRADS.length; t++) {
      for (int i = 0; i < n; i++) {
        double g = GRADS[t - 1][i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        double mHat = m[i] / (1 - Math.pow(beta1, t));
        double vHat = v[i] / (1 - Math.pow(beta2, t));
        expected[t - 1][i] = -lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
    UpdateSequences.assertClose(
        expected, UpdateSequences.run(new Adam(lr, beta1, beta2, eps), GRADS), lr);
  }

  @ParameterizedTest
  @ValueSource(floats = {1e-3f, -0.5f, 1f, -7f, 1e3f})
  void biasCorrectionMakesFirstStepLrTimesSign(float g) {
    // m̂₁ = g and v̂₁ = g², so u₁ = −lr·g/(|g| + ε) = −lr·sign(g)·(1 − ε/|g| + …), ε/|g| ≤ 1e-5.
    // Without the correction u₁ would be −lr·(1 − β₁)/√(1 − β₂)·sign(g) ≈ −3.16·lr·sign(g).
    double lr = 1e-3;
    float[][] u = UpdateSequences.run(new Adam(lr), new float[][] {{g}});
    assertEquals(-lr * Math.signum(g), u[0][0], lr * 2e-5);
  }

  @Test
  void zeroGradientGivesZeroUpdate() {
    float[][] u = UpdateSequences.run(new Adam(1e-3), new float[][] {{0f}, {0f}});
    assertEquals(0.0, u[1][0], 0.0);
  }

  @Test
  void defaultsAreThePapers() {
    assertEquals(new Adam(1e-3, 0.9, 0.999, 1e-8), new Adam(1e-3));
  }
}
