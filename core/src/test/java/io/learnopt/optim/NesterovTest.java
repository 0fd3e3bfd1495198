package io.learnopt.optim;

import static io.learnopt.optim.UpdateSequences.GRADS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NesterovTest {

  @ParameterizedTest
  @CsvSource({"0.1, 0.9", "0.01, 0.5", "1.0, 0.99"})
  void matchesSutskeverForm(double lr, double beta) {
    int n = GRADS[0].length;
    double[] v = new double[n];
    double[][] expected = new double[GRADS.length][n];
    for (int t = 0; t < GRADS.length; t++) {
      for (int i = 0; i < n; i++) {
        double g = GRADS[t][i];
        v[i] = beta * v[i] + g;
        expected[t][i] = -lr * (g + beta * v[i]);
      }
    }
    UpdateSequences.assertClose(expected, UpdateSequences.run(new Nesterov(lr, beta), GRADS), lr);
  }

  @Test
  void firstStepLooksAheadByOneMomentumStep() {
    // v₁ = g, so u₁ = −lr·(1 + β)·g.
    float[][] u = UpdateSequences.run(new Nesterov(0.1, 0.9), new float[][] {{2f}});
    assertEquals(-0.1 * 1.9 * 2, u[0][0], 1e-7);
  }

  @Test
  void registryNameIsNag() {
    assertEquals("nag", new Nesterov(0.1).name());
  }
}
