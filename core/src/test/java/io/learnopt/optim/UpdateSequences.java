package io.learnopt.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

/**
 * A fixed gradient sequence and helpers to run an optimizer over it and compare its updates with a
 * reference computed in double by the test itself; and random gradients for longer runs.
 */
final class UpdateSequences {
  private UpdateSequences() {}

  /**
   * Five steps over four coordinates: coordinate 0 keeps its sign, 1 alternates (Rprop shrinks), 2
   * changes sign and passes through 0, 3 is small (ε matters) and changes sign once.
   */
  static final float[][] GRADS = {
    {0.5f, -1.0f, 2.0f, 1e-3f},
    {0.4f, 0.8f, -1.5f, 2e-3f},
    {0.3f, -0.7f, 0.0f, -3e-3f},
    {0.2f, 0.6f, 1.0f, -4e-3f},
    {0.1f, -0.5f, -2.0f, -5e-3f},
  };

  /** Runs {@code optimizer} over {@code grads} from θ = 0, applying each update; the updates. */
  static float[][] run(Optimizer optimizer, float[][] grads) {
    int n = grads[0].length;
    Optimizer.State state = optimizer.init(n);
    float[] params = new float[n];
    float[][] updates = new float[grads.length][n];
    for (int t = 0; t < grads.length; t++) {
      float[] grad = grads[t].clone();
      optimizer.update(grad, params, state, updates[t]);
      assertArrayEquals(grads[t], grad, "update must not modify grad");
      for (int i = 0; i < n; i++) {
        params[i] += updates[t][i];
      }
    }
    return updates;
  }

  /** Gaussian entries of magnitudes 1e-4 to 1e2, a tenth of them 0. */
  static float[] randomGradient(SplittableRandom random, float[] grad) {
    for (int i = 0; i < grad.length; i++) {
      double magnitude = Math.pow(10, random.nextDouble(-4, 2));
      grad[i] = random.nextInt(10) == 0 ? 0f : (float) (random.nextGaussian() * magnitude);
    }
    return grad;
  }

  /**
   * The updates {@code reference} gives over {@link #GRADS}, each coordinate with its own state
   * array starting as a copy of {@code initial}.
   */
  static double[][] expected(ClosedForms.Reference reference, double... initial) {
    int n = GRADS[0].length;
    double[][] state = new double[n][];
    for (int i = 0; i < n; i++) {
      state[i] = initial.clone();
    }
    double[][] expected = new double[GRADS.length][n];
    for (int t = 0; t < GRADS.length; t++) {
      for (int i = 0; i < n; i++) {
        expected[t][i] = reference.update(t + 1, GRADS[t][i], state[i]);
      }
    }
    return expected;
  }

  /**
   * |actual − expected| ≤ 1e-6·max(|expected|, scale) for every step and coordinate. {@code scale}
   * is the typical size of an update (usually lr): float rounding is relative to the size of the
   * terms, so an update that is a small difference of large terms is judged against the terms.
   */
  static void assertClose(double[][] expected, float[][] actual, double scale) {
    for (int t = 0; t < expected.length; t++) {
      for (int i = 0; i < expected[t].length; i++) {
        double e = expected[t][i];
        double a = actual[t][i];
        double tolerance = 1e-6 * Math.max(Math.abs(e), scale);
        assertTrue(
            Math.abs(a - e) <= tolerance,
            "step " + (t + 1) + ", coordinate " + i + ": expected " + e + ", got " + a);
      }
    }
  }
}
