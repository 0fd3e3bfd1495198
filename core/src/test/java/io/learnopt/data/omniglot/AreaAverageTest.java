package io.learnopt.data.omniglot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.tensor.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Area averaging against a brute-force supersampled box filter. */
class AreaAverageTest {
  private static final int N = AreaAverage.SOURCE;
  private static final int M = AreaAverage.TARGET;

  @Test
  void matchesSupersamplingOnARandomMask() {
    boolean[] ink = new boolean[N * N];
    Rng rng = new Rng(3);
    for (int i = 0; i < ink.length; i++) {
      ink[i] = rng.nextDouble() < 0.3;
    }
    assertArrayEquals(supersampled(ink), AreaAverage.downsample(ink));
  }

  @Test
  void keepsAllInkAndAllBackground() {
    boolean[] ink = new boolean[N * N];
    float[] zeros = new float[M * M];
    assertArrayEquals(zeros, AreaAverage.downsample(ink));
    Arrays.fill(ink, true);
    float[] ones = new float[M * M];
    Arrays.fill(ones, 1f);
    assertArrayEquals(ones, AreaAverage.downsample(ink));
  }

  @Test
  void splitsAStraddlingPixelByItsOverlap() {
    // Source pixel (3, 3) spans quarters [12, 16) on each axis: 3 quarters in output pixel 0 and 1
    // in output pixel 1, so it adds 9, 3, 3 and 1 of 225 to the four output pixels it touches.
    boolean[] ink = new boolean[N * N];
    ink[3 * N + 3] = true;
    float[] out = AreaAverage.downsample(ink);
    assertEquals(9 / 225f, out[0]);
    assertEquals(3 / 225f, out[1]);
    assertEquals(3 / 225f, out[M]);
    assertEquals(1 / 225f, out[M + 1]);
    assertEquals(16 / 225.0, sum(out), 1e-7);
  }

  /** Each source pixel as 4 × 4 sub-pixels (420 × 420), each output pixel a 15 × 15 block mean. */
  private static float[] supersampled(boolean[] ink) {
    float[] out = new float[M * M];
    for (int r = 0; r < M; r++) {
      for (int c = 0; c < M; c++) {
        int count = 0;
        for (int y = 15 * r; y < 15 * r + 15; y++) {
          for (int x = 15 * c; x < 15 * c + 15; x++) {
            count += ink[(y / 4) * N + x / 4] ? 1 : 0;
          }
        }
        out[r * M + c] = count / 225f;
      }
    }
    return out;
  }

  private static double sum(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }
}
