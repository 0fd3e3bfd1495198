package io.learnopt.optim;

import static io.learnopt.optim.UpdateSequences.GRADS;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RmsPropTest {

  @ParameterizedTest
  @CsvSource({"0.01, 0.9, 1e-8", "0.001, 0.99, 1e-8", "0.1, 0.5, 1e-3", "0.01, 0, 1e-8"})
  void matchesTextbookUpdate(double lr, double decay, double eps) {
    int n = GRADS[0].length;
    double[] s = new double[n];
    double[][] expected = new double[GRADS.length][n];
    for (int t = 0; t < GRADS.length; t++) {
      for (int i = 0; i < n; i++) {
        double g = GRADS[t][i];
        s[i] = decay * s[i] + (1 - decay) * g * g;
        expected[t][i] = -lr * g / (Math.sqrt(s[i]) + eps);
      }
    }
    UpdateSequences.assertClose(
        expected, UpdateSequences.run(new RmsProp(lr, decay, eps), GRADS), lr);
  }
}
