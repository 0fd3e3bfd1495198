package io.learnopt.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * batchNorm's forward pass against its closed form with the current batch's statistics. Its
 * gradient is checked by finite differences in {@link GradientCheckTest}.
 */
class BatchNormOpTest {
  private static final int B = 3;
  private static final int C = 2;
  private static final int H = 4;
  private static final int W = 5;

  @Test
  void normalizesEachChannelWithItsBatchStatistics() {
    Rng rng = new Rng(12);
    float[] x = new float[B * C * H * W];
    rng.fillGaussian(x, 0f, 1f);
    for (int i = 0; i < x.length; i++) {
      int c = i / (H * W) % C;
      x[i] = c == 0 ? 3f * x[i] + 7f : 0.5f * x[i] - 2f; // channels with different statistics
    }
    float[] gamma = {2f, -0.5f};
    float[] beta = {1f, 4f};
    float eps = 1e-3f;
    Tape tape = new Tape();
    Tensor y =
        tape.batchNorm(
                tape.constant(Tensor.of(x, B, C, H, W)),
                tape.constant(Tensor.of(gamma, C)),
                tape.constant(Tensor.of(beta, C)),
                eps)
            .value();
    for (int c = 0; c < C; c++) {
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < x.length; i++) {
        if (i / (H * W) % C == c) {
          sum += x[i];
          sumSq += (double) x[i] * x[i];
        }
      }
      int n = B * H * W;
      double mean = sum / n;
      double variance = sumSq / n - mean * mean; // biased, 1/N
      for (int i = 0; i < x.length; i++) {
        if (i / (H * W) % C == c) {
          double expected = gamma[c] * (x[i] - mean) / Math.sqrt(variance + eps) + beta[c];
          assertEquals(expected, y.get(i), 1e-4, "element " + i);
        }
      }
    }
  }

  @Test
  void oneImagesOutputDependsOnTheRestOfTheBatch() {
    float[] x = {1f, 2f, 3f, 4f};
    float[] changed = {1f, 2f, 3f, 40f};
    assertNotEquals(firstOutput(x), firstOutput(changed));
  }

  @Test
  void badShapesAndEpsAreNamed() {
    Tape tape = new Tape();
    Var x = tape.leaf(Tensor.zeros(2, 3, 4, 4));
    Var three = tape.leaf(Tensor.zeros(3));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> tape.batchNorm(x, tape.leaf(Tensor.zeros(4)), three, 1e-5f));
    assertTrue(
        e.getMessage().contains("[2, 3, 4, 4]") && e.getMessage().contains("gamma [4]"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> tape.batchNorm(tape.leaf(Tensor.zeros(2, 3)), three, three, 1e-5f));
    assertTrue(e.getMessage().contains("x [2, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tape.batchNorm(x, three, three, 0f));
    assertTrue(e.getMessage().contains("eps"), e.getMessage());
  }

  /** Output 0 of batch norm over a batch of four 1×1 single-channel images. */
  private static float firstOutput(float[] x) {
    Tape tape = new Tape();
    return tape.batchNorm(
            tape.constant(Tensor.of(x, 4, 1, 1, 1)),
            tape.constant(Tensor.of(new float[] {1f}, 1)),
            tape.constant(Tensor.of(new float[] {0f}, 1)),
            1e-5f)
        .value()
        .get(0);
  }
}
