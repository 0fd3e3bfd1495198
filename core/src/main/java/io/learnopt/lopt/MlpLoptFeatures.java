package io.learnopt.lopt;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.ParameterGroups;

/**
 * The per-coordinate inputs of {@link MlpLopt} and the accumulators they come from: momenta m_β ←
 * β·m_β + (1 − β)·g and the second moment v ← β₂·v + (1 − β₂)·g², fed the raw gradient and started
 * at zero. The features of a coordinate are g, every m_β, √v, every m_β/(√v + ε) and 1/√(v + ε′),
 * each divided by its root mean square over the coordinate's tensor (plus {@link #NORM_EPSILON}),
 * the normalization of learned_optimization's MLP optimizers, which makes the inputs comparable
 * across tensors and networks. The gradient is an input (∂∇/∂φ = 0), so the features do not depend
 * on φ.
 */
final class MlpLoptFeatures {
  /** ε in m/(√v + ε). */
  static final float EPSILON = 1e-8f;

  /**
   * ε in the feature 1/√(v + ε): large enough that a coordinate whose gradient is always zero (a
   * blank border pixel's weights) does not swamp its tensor's normalization.
   */
  static final float INVERSE_EPSILON = 1e-6f;

  /** Added to a feature's mean square over a tensor before the square root. */
  static final float NORM_EPSILON = 1e-5f;

  private final MlpLoptConfig config;
  private final ParameterGroups tensors;
  private final int n;
  private final float[][] momenta;
  private final float[] v;
  private final float[] inverseRms = new float[MlpLoptNet.BLOCK];
  private long steps;

  /** Zero accumulators for the coordinates and tensors of {@code tensors}. */
  MlpLoptFeatures(MlpLoptConfig config, ParameterGroups tensors) {
    this.config = config;
    this.tensors = tensors;
    this.n = tensors.coordinates();
    this.momenta = new float[config.momentumDecays().length][n];
    this.v = new float[n];
  }

  int coordinates() {
    return n;
  }

  /** Updates made so far: the t of the time features. */
  long steps() {
    return steps;
  }

  void setSteps(long steps) {
    this.steps = steps;
  }

  /** The live accumulators: the momenta in order of their decays, then v. */
  float[][] accumulators() {
    float[][] out = new float[momenta.length + 1][];
    System.arraycopy(momenta, 0, out, 0, momenta.length);
    out[momenta.length] = v;
    return out;
  }

  /** Zeroes the accumulators and the step count. */
  void reset() {
    for (float[] m : momenta) {
      java.util.Arrays.fill(m, 0f);
    }
    java.util.Arrays.fill(v, 0f);
    steps = 0;
  }

  /**
   * Feeds {@code grad} to the accumulators and writes the normalized features into {@code x}, one
   * feature-major panel per block of coordinates (index {@link MlpLoptNet#panel}); {@link #steps}
   * is not advanced (the caller does, after using it for the time features).
   */
  void advance(float[] grad, float[] x) {
    float[] decays = config.momentumDecays();
    int k = decays.length;
    int f = config.coordinateFeatures();
    float b2 = config.rmsDecay();
    for (int c0 = 0; c0 < n; c0 += MlpLoptNet.BLOCK) {
      int width = Math.min(MlpLoptNet.BLOCK, n - c0);
      int base = c0 * f;
      int rmsRow = base + (1 + k) * width;
      int invRow = base + (2 + 2 * k) * width;
      for (int i = 0; i < width; i++) {
        float g = grad[c0 + i];
        float vi = b2 * v[c0 + i] + (1 - b2) * g * g;
        v[c0 + i] = vi;
        float rms = (float) Math.sqrt(vi);
        x[base + i] = g;
        x[rmsRow + i] = rms;
        x[invRow + i] = (float) (1 / Math.sqrt(vi + INVERSE_EPSILON));
        inverseRms[i] = 1f / (rms + EPSILON);
      }
      for (int j = 0; j < k; j++) {
        float beta = decays[j];
        float[] m = momenta[j];
        int row = base + (1 + j) * width;
        int ratioRow = base + (2 + k + j) * width;
        for (int i = 0; i < width; i++) {
          float mi = beta * m[c0 + i] + (1 - beta) * grad[c0 + i];
          m[c0 + i] = mi;
          x[row + i] = mi;
          x[ratioRow + i] = mi * inverseRms[i];
        }
      }
    }
    normalizePerTensor(x, f);
  }

  /** Divides each feature by its root mean square over each tensor. */
  private void normalizePerTensor(float[] x, int f) {
    double[] sums = new double[f];
    for (int t = 0; t < tensors.tensors(); t++) {
      int start = tensors.tensorStart(t);
      int end = tensors.tensorStart(t + 1);
      java.util.Arrays.fill(sums, 0);
      for (int c0 = start - start % MlpLoptNet.BLOCK; c0 < end; c0 += MlpLoptNet.BLOCK) {
        int width = Math.min(MlpLoptNet.BLOCK, n - c0);
        int from = Math.max(start, c0) - c0;
        int to = Math.min(end, c0 + width) - c0;
        for (int j = 0; j < f; j++) {
          sums[j] += Kernels.sumOfSquares(x, c0 * f + j * width + from, to - from);
        }
      }
      for (int c0 = start - start % MlpLoptNet.BLOCK; c0 < end; c0 += MlpLoptNet.BLOCK) {
        int width = Math.min(MlpLoptNet.BLOCK, n - c0);
        int from = Math.max(start, c0) - c0;
        int to = Math.min(end, c0 + width) - c0;
        for (int j = 0; j < f; j++) {
          float scale = (float) (1 / Math.sqrt(sums[j] / (end - start) + NORM_EPSILON));
          int row = c0 * f + j * width + from;
          Kernels.scale(scale, x, row, x, row, to - from);
        }
      }
    }
  }
}
