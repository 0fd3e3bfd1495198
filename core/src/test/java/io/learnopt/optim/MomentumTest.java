package io.learnopt.optim;

import static io.learnopt.optim.UpdateSequences.GRADS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MomentumTest {

  @ParameterizedTest
  @CsvSource({"0.1, 0.9", "0.01, 0.5", "1.0, 0.99", "0.1, 0"})
  void matchesTextbookHeavyBall(double lr, double beta) {
    int n = GRADS[0].length;
    double[] v = new double[n];
    double[][] expected = new double[GRADS.length][n];
    for (int t = 0; t < GRADS.length; t++) {
      for (int i = 0; i < n; i++) {
        v[i] = beta * v[i] + GRADS[t][i];
        expected[t][i] = -lr * v[i];
      }
    }
    UpdateSequences.assertClose(expected, UpdateSequences.run(new Momentum(lr, beta), GRADS), lr);
  }

  @Test
  void defaultBetaIsPoint9() {
    assertEquals(new Momentum(0.1, 0.9), new Momentum(0.1));
  }
}
