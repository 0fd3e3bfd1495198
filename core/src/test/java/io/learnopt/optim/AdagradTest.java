package io.learnopt.optim;

import static io.learnopt.optim.UpdateSequences.GRADS;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdagradTest {

  @ParameterizedTest
  @CsvSource({"0.01, 1e-8, 0", "0.1, 1e-10, 0.1", "1.0, 1e-3, 2"})
  void matchesTextbookUpdate(double lr, double eps, double initialAccumulator) {
    int n = GRADS[0].length;
    double[] s = new double[n];
    Arrays.fill(s, initialAccumulator);
    double[][] expected = new double[GRADS.length][n];
    for (int t = 0; t < GRADS.length; t++) {
      for (int i = 0; i < n; i++) {
        double g = GRADS[t][i];
        s[i] += g * g;
        expected[t][i] = -lr * g / (Math.sqrt(s[i]) + eps);
      }
    }
    UpdateSequences.assertClose(
        expected, UpdateSequences.run(new Adagrad(lr, eps, initialAccumulator), GRADS), lr);
  }
}
