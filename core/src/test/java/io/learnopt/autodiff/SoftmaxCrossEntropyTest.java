package io.learnopt.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cross-entropy stays −log p_y of its own softmax at any logit magnitude. */
class SoftmaxCrossEntropyTest {

  private static float loss(float[] logits, int classes, int... labels) {
    Tape tape = new Tape();
    Var z = tape.leaf(Tensor.of(logits, labels.length, classes));
    return tape.softmaxCrossEntropy(z, labels).item();
  }

  @Test
  void equalHugeLogitsCostLogOfTheClassCount() {
    // A diverged network: every logit 1e30. The true loss is log 10, not 0.
    float[] logits = new float[10];
    java.util.Arrays.fill(logits, 1e30f);
    assertEquals(Math.log(10), loss(logits, 10, 3), 1e-6);
  }

  @Test
  void aWrongHugeLogitCostsItsGap() {
    float[] logits = {1e30f, 0f, -1e30f};
    assertEquals(1e30f, loss(logits, 3, 1), 1e24f);
    assertEquals(2e30f, loss(logits, 3, 2), 2e24f);
    assertEquals(0f, loss(logits, 3, 0), 0f);
  }

  @Test
  void lossAgreesWithTheProbabilitiesAtEveryScale() {
    SplittableRandom random = new SplittableRandom(5);
    int rows = 16;
    int classes = 7;
    for (double scale : new double[] {1e-3, 1, 1e4, 1e15, 1e30, 1e37}) {
      float[] logits = new float[rows * classes];
      int[] labels = new int[rows];
      for (int i = 0; i < logits.length; i++) {
        // Rounded to a few levels so rows have ties, the case that collapsed.
        logits[i] = (float) (scale * Math.round(random.nextDouble(-2, 2)));
      }
      for (int i = 0; i < rows; i++) {
        labels[i] = random.nextInt(classes);
      }
      double expected = 0;
      int wrong = 0;
      for (int i = 0; i < rows; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
          max = Math.max(max, logits[i * classes + j]);
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
          sum += Math.exp(((double) logits[i * classes + j] - max));
        }
        expected += Math.log(sum) - ((double) logits[i * classes + labels[i]] - max);
        wrong += logits[i * classes + labels[i]] < max ? 1 : 0;
      }
      expected /= rows;
      float got = loss(logits, classes, labels);
      assertEquals(expected, got, 1e-5 * Math.max(1, Math.abs(expected)), "scale " + scale);
      // A row whose label is not the unique arg-max has p_y ≤ 1/2, so loss ≥ log 2 for it.
      assertTrue(got >= wrong * Math.log(2) / rows - 1e-6, "scale " + scale);
    }
  }
}
