package io.learnopt.optim;

import static io.learnopt.optim.Optimizers.chain;
import static io.learnopt.optim.Optimizers.clipByGlobalNorm;
import static io.learnopt.optim.Optimizers.scale;
import static io.learnopt.optim.Optimizers.scaleByAdam;
import static io.learnopt.optim.Optimizers.scaleByRms;
import static io.learnopt.optim.UpdateSequences.GRADS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainTest {

  @Test
  void clipThenSgdScalesTheStepAndLeavesGradAlone() {
    Chain chain = chain(clipByGlobalNorm(1), Aliases.sgd(0.5));
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
    ClosedForms.Reference adam = ClosedForms.adam(0.9, 0.999, 1e-8);
    int n = GRADS[0].length;
    double[][] moments = new double[n][2];
    double[][] expected = new double[GRADS.length][n];
    for (int t = 1; t <= GRADS.length; t++) {
      double sumSquares = 0;
      for (float g : GRADS[t - 1]) {
        sumSquares += (double) g * g;
      }
      double norm = Math.sqrt(sumSquares);
      double clip = norm > maxNorm ? maxNorm / norm : 1;
      for (int i = 0; i < n; i++) {
        expected[t - 1][i] = -lr * adam.update(t, GRADS[t - 1][i] * clip, moments[i]);
      }
    }
    Chain chain = chain(clipByGlobalNorm(maxNorm), Aliases.adam(lr));
    UpdateSequences.assertClose(expected, UpdateSequences.run(chain, GRADS), lr);
  }

  @Test
  void partsApplyInOrder() {
    // Clip to 10 (no-op for norm 5), then to 1: the result is the unit vector.
    Chain chain = chain(clipByGlobalNorm(10), clipByGlobalNorm(1), scale(-1));
    float[][] u = UpdateSequences.run(chain, new float[][] {{3f, 4f}});
    assertArrayEquals(new float[] {-0.6f, -0.8f}, u[0], 1e-7f);
  }

  @Test
  void aScaleIsFoldedIntoTheScalableTransformBeforeIt() {
    Chain.State folded = chain(scaleByRms(0.9, 1e-8), scale(-0.1)).init(3);
    assertSame(folded.transformState(0), folded.transformState(1));
    Chain.State separate = chain(clipByGlobalNorm(1), scale(-0.1)).init(3);
    assertNotSame(separate.transformState(0), separate.transformState(1));
  }

  /** Folding changes only the rounding: (f·g)/d instead of f·(g/d). */
  @Test
  void aFoldedScaleAgreesWithTheSeparateScaleToRounding() {
    float[][] folded = UpdateSequences.run(chain(scaleByAdam(0.9, 0.99, 1e-8), scale(-0.1)), GRADS);
    float[][] unscaled = UpdateSequences.run(chain(scaleByAdam(0.9, 0.99, 1e-8)), GRADS);
    for (int t = 0; t < GRADS.length; t++) {
      for (int i = 0; i < GRADS[t].length; i++) {
        float separate = -0.1f * unscaled[t][i];
        assertEquals(separate, folded[t][i], 2 * Math.ulp(separate), "step " + t + ", " + i);
      }
    }
  }

  @Test
  void anEmptyChainIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Chain(List.of()));
  }

  @Test
  void nameJoinsTheParts() {
    assertEquals(
        "clip(1.0)+scaleByAdam(0.9, 0.999)+scale(-0.001)",
        chain(clipByGlobalNorm(1), Aliases.adam(1e-3)).name());
  }

  @Test
  void rejectsAStateFromTheInnerRule() {
    Chain chain = chain(clipByGlobalNorm(1), Aliases.adam(1e-3));
    Optimizer.State inner = Aliases.adam(1e-3).init(2);
    assertThrows(
        IllegalArgumentException.class,
        () -> chain.update(new float[2], new float[2], inner, new float[2]));
  }
}
