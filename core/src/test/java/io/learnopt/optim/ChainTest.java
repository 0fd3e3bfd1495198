package io.learnopt.optim;

import static io.learnopt.optim.UpdateSequences.GRADS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainTest {

  @Test
  void clipThenSgdScalesTheStepAndLeavesGradAlone() {
    Chain chain = Optimizers.chain(Optimizers.clipByGlobalNorm(1), new Sgd(0.5));
    Chain.State state = chain.init(2);
    float[] grad = {3f, 4f};
    float[] update = new float[2];
    chain.update(grad, new float[2], state, update);
    assertArrayEquals(new float[] {-0.3f, -0.4f}, update, 1e-7f);
    assertArrayEquals(new float[] {3f, 4f}, grad);
    assertEquals(5.0, ((ClipByGlobalNorm.State) state.transformState(0)).lastNorm(), 0.0);
  }

  /** Clip (in double, by hand) then Adam's Algorithm 1 (in double, by hand). */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 1, 100})
  void clipThenAdamMatchesHandWrittenComposition(double maxNorm) {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    int n = GRADS[0].length;
    double[] m = new double[n];
    double[] v = new double[n];
    double[][] expected = new double[GRADS.length][n];
    for (int t = 1; t <= GRADS.length; t++) {
      double sumSquares = 0;
      for (float g : GRADS[t - 1]) {
        sumSquares += (double) g * g;
      }
      double norm = Math.sqrt(sumSquares);
      double scale = norm > maxNorm ? maxNorm / norm : 1;
      for (int i = 0; i < n; i++) {
        double g = GRADS[t - 1][i] * scale;
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        double mHat = m[i] / (1 - Math.pow(beta1, t));
        double vHat = v[i] / (1 - Math.pow(beta2, t));
        expected[t - 1][i] = -lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
    Chain chain = Optimizers.chain(Optimizers.clipByGlobalNorm(maxNorm), new Adam(lr));
    UpdateSequences.assertClose(expected, UpdateSequences.run(chain, GRADS), lr);
  }

  @Test
  void twoTransformsApplyInOrder() {
    // Clip to 10 (no-op for norm 5), then to 1: the result is the unit vector.
    Chain chain =
        Optimizers.chain(
            List.of(Optimizers.clipByGlobalNorm(10), Optimizers.clipByGlobalNorm(1)), new Sgd(1));
    float[][] u = UpdateSequences.run(chain, new float[][] {{3f, 4f}});
    assertArrayEquals(new float[] {-0.6f, -0.8f}, u[0], 1e-7f);
  }

  @Test
  void emptyChainIsTheRule() {
    float[][] u = UpdateSequences.run(new Chain(List.of(), new Sgd(0.1)), new float[][] {{2f}});
    assertEquals(-0.2f, u[0][0], 1e-8f);
  }

  @Test
  void nameJoinsTheParts() {
    assertEquals(
        "clip(1.0)+adam", Optimizers.chain(Optimizers.clipByGlobalNorm(1), new Adam(1e-3)).name());
  }

  @Test
  void rejectsAStateFromTheInnerRule() {
    Chain chain = Optimizers.chain(Optimizers.clipByGlobalNorm(1), new Adam(1e-3));
    Adam.State inner = new Adam(1e-3).init(2);
    assertThrows(
        IllegalArgumentException.class,
        () -> chain.update(new float[2], new float[2], inner, new float[2]));
  }
}
