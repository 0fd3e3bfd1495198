package io.learnopt.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClipByGlobalNormTest {

  private static float[] clip(double maxNorm, float[] grad, ClipByGlobalNorm.State[] stateOut) {
    ClipByGlobalNorm clip = new ClipByGlobalNorm(maxNorm);
    ClipByGlobalNorm.State state = clip.init(grad.length);
    float[] out = new float[grad.length];
    clip.apply(grad, new float[grad.length], state, out);
    stateOut[0] = state;
    return out;
  }

  /** ‖(3, −4)‖ = 5: at or below the threshold the gradient passes unchanged. */
  @ParameterizedTest
  @ValueSource(doubles = {5, 5.5, 1e6})
  void leavesGradientAtOrBelowThresholdUnchanged(double maxNorm) {
    float[] grad = {3f, -4f};
    ClipByGlobalNorm.State[] state = new ClipByGlobalNorm.State[1];
    float[] out = clip(maxNorm, grad, state);
    assertArrayEquals(new float[] {3f, -4f}, out);
    assertArrayEquals(new float[] {3f, -4f}, grad);
    assertEquals(5.0, state[0].lastNorm(), 0.0);
  }

  @ParameterizedTest
  @ValueSource(doubles = {4.999, 1, 1e-3})
  void rescalesToMaxNormAboveThresholdKeepingDirection(double maxNorm) {
    float[] grad = {3f, -4f};
    ClipByGlobalNorm.State[] state = new ClipByGlobalNorm.State[1];
    float[] out = clip(maxNorm, grad, state);
    double expectedScale = maxNorm / 5.0;
    assertEquals(3 * expectedScale, out[0], 1e-6 * maxNorm);
    assertEquals(-4 * expectedScale, out[1], 1e-6 * maxNorm);
    assertArrayEquals(new float[] {3f, -4f}, grad, "the caller's gradient is untouched");
    assertEquals(5.0, state[0].lastNorm(), 0.0);
  }

  @Test
  void hugeGradientsDoNotOverflowTheNorm() {
    // (3e30)² overflows float but not double.
    ClipByGlobalNorm.State[] state = new ClipByGlobalNorm.State[1];
    float[] out = clip(1, new float[] {3e30f, 4e30f}, state);
    assertArrayEquals(new float[] {0.6f, 0.8f}, out, 1e-7f);
    assertEquals(5e30, state[0].lastNorm(), 5e30 * 1e-7);
  }

  @Test
  void clipsInPlaceWhenOutIsGrad() {
    ClipByGlobalNorm clip = new ClipByGlobalNorm(1);
    float[] grad = {3f, 4f};
    clip.apply(grad, new float[2], clip.init(2), grad);
    assertArrayEquals(new float[] {0.6f, 0.8f}, grad, 1e-7f);
  }

  @Test
  void nonFiniteGradientsStayNonFinite() {
    ClipByGlobalNorm.State[] state = new ClipByGlobalNorm.State[1];
    float[] fromNan = clip(1, new float[] {Float.NaN, 1f}, state);
    assertTrue(Float.isNaN(fromNan[0]));
    float[] fromInf = clip(1, new float[] {Float.POSITIVE_INFINITY, 1f}, state);
    assertTrue(Float.isNaN(fromInf[0]), "∞·(maxNorm/∞) is NaN, not a silent 0");
  }

  @Test
  void lastNormIsNanBeforeFirstStep() {
    assertTrue(Double.isNaN(new ClipByGlobalNorm(1).init(3).lastNorm()));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsNonPositiveMaxNorm(double maxNorm) {
    UsageException e = assertThrows(UsageException.class, () -> new ClipByGlobalNorm(maxNorm));
    assertTrue(e.getMessage().contains("maxNorm"), e.getMessage());
  }
}
