package io.learnopt.optim;

import static io.learnopt.optim.UpdateSequences.GRADS;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SgdTest {

  @ParameterizedTest
  @ValueSource(doubles = {1e-3, 0.1, 3})
  void matchesTextbookUpdate(double lr) {
    double[][] expected = new double[GRADS.length][GRADS[0].length];
    for (int t = 0; t < GRADS.length; t++) {
      for (int i = 0; i < GRADS[t].length; i++) {
        expected[t][i] = -lr * GRADS[t][i];
      }
    }
    UpdateSequences.assertClose(expected, UpdateSequences.run(new Sgd(lr), GRADS), lr);
  }
}
