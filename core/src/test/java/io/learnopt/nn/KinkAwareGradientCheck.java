package io.learnopt.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks a classifier's flat gradient against finite differences of its loss where ReLU and
 * max-pooling make the loss piecewise smooth. In a small net a step of ε often crosses a kink (a
 * ReLU input near 0, a pooling window near a tie); the gradient is the slope of the piece θ is on,
 * so where the central difference straddles a kink, a one-sided difference over half the step must
 * match instead. At most a third of the parameters may need that.
 */
final class KinkAwareGradientCheck {
  private static final double EPS = 1e-3;

  private KinkAwareGradientCheck() {}

  static void check(
      Classifier net, float[] params, float[] inputs, int[] labels, int batch, float[] grad) {
    double h = EPS / 2;
    int oneSided = 0;
    for (int i = 0; i < params.length; i++) {
      double at = lossAt(net, params, i, 0, inputs, labels, batch);
      double central =
          (lossAt(net, params, i, EPS, inputs, labels, batch)
                  - lossAt(net, params, i, -EPS, inputs, labels, batch))
              / (2 * EPS);
      if (close(grad[i], central)) {
        continue;
      }
      double left = (at - lossAt(net, params, i, -h, inputs, labels, batch)) / h;
      double right = (lossAt(net, params, i, h, inputs, labels, batch) - at) / h;
      if (!close(grad[i], left) && !close(grad[i], right)) {
        fail(
            "parameter "
                + i
                + ": gradient "
                + grad[i]
                + ", central difference "
                + central
                + ", one-sided "
                + left
                + " and "
                + right);
      }
      oneSided++;
    }
    assertTrue(oneSided <= params.length / 3, oneSided + " of " + params.length + " one-sided");
  }

  /** The loss with params[i] moved by delta (and restored). */
  private static double lossAt(
      Classifier net, float[] params, int i, double delta, float[] inputs, int[] labels, int n) {
    float saved = params[i];
    params[i] = (float) (saved + delta);
    double loss = net.loss(params, inputs, labels, n);
    params[i] = saved;
    return loss;
  }

  /** Agreement up to float32 noise of differences over steps of 5e-4 (loss ~1, rounding ~1e-7). */
  private static boolean close(float gradient, double difference) {
    return Math.abs(gradient - difference) <= 1e-3 + 1e-2 * Math.abs(difference);
  }
}
