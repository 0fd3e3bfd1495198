package io.learnopt.nn;

import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;

/** Initial weights drawn from a zero-mean normal distribution, as every network here starts. */
final class NormalInit {
  private NormalInit() {}

  /** Overwrites {@code t} with N(0, std²) draws from {@code rng}, in row-major order. */
  static void fill(Rng rng, Tensor t, float std) {
    float[] draws = new float[t.size()];
    rng.fillGaussian(draws, 0f, std);
    System.arraycopy(draws, 0, t.data(), t.offset(), draws.length);
  }
}
