package io.learnopt.data.omniglot;

/**
 * Downsampling of a 105 × 105 binary drawing to 28 × 28 grey levels by exact area averaging (a box
 * filter): each output pixel is the fraction of its square, 105/28 = 3.75 source pixels on a side,
 * that is covered by ink, so it is a multiple of 1/225 in [0, 1] and the image's mean ink is kept
 * exactly. Unlike point sampling it drops no thin stroke, and unlike a Lanczos or bicubic resize
 * (what PIL-based Omniglot pipelines use) it never rings outside [0, 1].
 *
 * <p>The arithmetic is exact in integers: in units of a quarter source pixel, source pixel {@code
 * i} spans {@code [4i, 4i + 4)} and output pixel {@code o} spans {@code [15o, 15o + 15)}, so every
 * overlap is a whole number of quarters and each output is (quarter-pixel² of ink) / 225.
 */
final class AreaAverage {
  /** Side of an Omniglot drawing in pixels. */
  static final int SOURCE = 105;

  /** Side of a downsampled image in pixels, as MNIST's. */
  static final int TARGET = 28;

  private static final int QUARTERS = 4;
  private static final int SPAN = SOURCE * QUARTERS / TARGET; // 15 quarters per output pixel

  /** The output pixel holding the start of source pixel i (per axis). */
  private static final int[] FIRST = new int[SOURCE];

  /** Quarters of source pixel i inside FIRST[i]; the other 4 − this lie in FIRST[i] + 1. */
  private static final int[] FIRST_WEIGHT = new int[SOURCE];

  static {
    for (int i = 0; i < SOURCE; i++) {
      int start = i * QUARTERS;
      FIRST[i] = start / SPAN;
      FIRST_WEIGHT[i] = Math.min(start + QUARTERS, (FIRST[i] + 1) * SPAN) - start;
    }
  }

  private AreaAverage() {}

  /**
   * The 28 × 28 row-major ink fractions of {@code ink}, a row-major 105 × 105 mask (true = ink).
   */
  static float[] downsample(boolean[] ink) {
    if (ink.length != SOURCE * SOURCE) {
      throw new IllegalArgumentException(
          "a drawing has " + SOURCE * SOURCE + " pixels, got " + ink.length);
    }
    // Rows first: partial[o][x] = Σ_y overlap(o, y) · ink[y][x], then the same along x.
    int[] partial = new int[TARGET * SOURCE];
    for (int y = 0; y < SOURCE; y++) {
      int first = FIRST[y] * SOURCE;
      int weight = FIRST_WEIGHT[y];
      for (int x = 0; x < SOURCE; x++) {
        if (ink[y * SOURCE + x]) {
          partial[first + x] += weight;
          if (weight < QUARTERS) {
            partial[first + SOURCE + x] += QUARTERS - weight;
          }
        }
      }
    }
    int[] area = new int[TARGET * TARGET];
    for (int o = 0; o < TARGET; o++) {
      for (int x = 0; x < SOURCE; x++) {
        int v = partial[o * SOURCE + x];
        int first = o * TARGET + FIRST[x];
        area[first] += FIRST_WEIGHT[x] * v;
        if (FIRST_WEIGHT[x] < QUARTERS) {
          area[first + 1] += (QUARTERS - FIRST_WEIGHT[x]) * v;
        }
      }
    }
    float[] out = new float[TARGET * TARGET];
    for (int k = 0; k < out.length; k++) {
      out[k] = area[k] / (float) (SPAN * SPAN);
    }
    return out;
  }
}
