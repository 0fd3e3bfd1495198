package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PreprocessingTest {
  private static final float SENTINEL = 99f;

  @ParameterizedTest
  @ValueSource(floats = {10f, 5f, 2f})
  void logSignClosedForm(float p) {
    double threshold = Math.exp(-p);
    float[] grad = {
      2f, -0.5f, 1e-3f, -3e-2f, (float) (3 * threshold), (float) (-0.5 * threshold), 0f, -1e-30f
    };
    int n = grad.length;
    int offset = 3;
    int stride = n + 5;
    float[] out = new float[offset + 2 * stride + 4];
    java.util.Arrays.fill(out, SENTINEL);
    Preprocessing.LOG_SIGN.apply(grad, n, p, out, offset, stride);
    for (int b = 0; b < n; b++) {
      double g = grad[b];
      double first;
      double second;
      if (Math.abs(g) >= threshold) {
        first = Math.log(Math.abs(g)) / p;
        second = Math.signum(g);
      } else {
        first = -1;
        second = Math.exp(p) * g;
      }
      assertEquals(first, out[offset + b], 1e-6 * Math.max(1, Math.abs(first)), "log part " + b);
      assertEquals(second, out[offset + stride + b], 1e-6 * Math.abs(second) + 1e-30, "sign " + b);
    }
    // Only the two rows of n entries were written.
    for (int i = 0; i < out.length; i++) {
      boolean written =
          (i >= offset && i < offset + n) || (i >= offset + stride && i < offset + stride + n);
      if (!written) {
        assertEquals(SENTINEL, out[i], "index " + i + " overwritten");
      }
    }
  }

  @Test
  void logSignValuesOfThePaper() {
    // p = 10: g = 1 → (0, 1); g = −e^−5 → (−0.5, −1); g = 0 → (−1, 0); g = e^−12 → (−1, e^−2).
    float[] grad = {1f, (float) -Math.exp(-5), 0f, (float) Math.exp(-12)};
    float[] out = new float[8];
    Preprocessing.LOG_SIGN.apply(grad, 4, 10f, out, 0, 4);
    float[] expected = {0f, -0.5f, -1f, -1f, 1f, -1f, 0f, (float) Math.exp(-2)};
    for (int i = 0; i < 8; i++) {
      assertEquals(expected[i], out[i], 1e-6f, "index " + i);
    }
  }

  @Test
  void logSignIsNearlyContinuousAtTheThreshold() {
    float p = 10f;
    float at = (float) Math.exp(-p);
    float below = Math.nextDown(at);
    float[] out = new float[4];
    Preprocessing.LOG_SIGN.apply(new float[] {at, below}, 2, p, out, 0, 2);
    // At |g| = e^−p both branches give (−1, ±1).
    assertEquals(-1f, out[0], 1e-6f);
    assertEquals(1f, out[2]);
    assertEquals(-1f, out[1]);
    assertEquals(1f, out[3], 1e-6f);
  }

  @Test
  void rawCopiesTheGradientIntoOneRow() {
    float[] grad = {1.5f, -2f, 1e-9f};
    float[] out = {SENTINEL, SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    Preprocessing.RAW.apply(grad, 3, 10f, out, 1, 100);
    assertEquals(SENTINEL, out[0]);
    assertEquals(1.5f, out[1]);
    assertEquals(-2f, out[2]);
    assertEquals(1e-9f, out[3]);
    assertEquals(SENTINEL, out[4]);
  }

  @Test
  void applyReadsOnlyTheFirstNGradients() {
    float[] grad = {1f, 2f, Float.NaN};
    float[] out = new float[4];
    Preprocessing.LOG_SIGN.apply(grad, 2, 10f, out, 0, 2);
    for (float v : out) {
      assertTrue(Float.isFinite(v));
    }
  }

  @ParameterizedTest
  @EnumSource(Preprocessing.class)
  void cliNameParsesBack(Preprocessing preprocessing) {
    assertEquals(preprocessing, Preprocessing.parse(preprocessing.cliName()));
  }

  @Test
  void inputsPerCoordinate() {
    assertEquals(1, Preprocessing.RAW.inputs());
    assertEquals(2, Preprocessing.LOG_SIGN.inputs());
    assertEquals("log-sign", Preprocessing.LOG_SIGN.cliName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"log_sign", "LOG_SIGN", "logsign", "", "sign", "raw "})
  void unknownNamesAreUsageErrorsListingTheChoices(String name) {
    UsageException e = assertThrows(UsageException.class, () -> Preprocessing.parse(name));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("raw, log-sign"), e.getMessage());
  }
}
