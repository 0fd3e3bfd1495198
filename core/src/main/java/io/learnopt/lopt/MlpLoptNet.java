package io.learnopt.lopt;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Rng;

/**
 * The per-coordinate network of {@link MlpLopt}: inputs x (the coordinate's normalized features)
 * and the step's time features τ (the same for every coordinate), hidden ReLU layers, and two
 * outputs d and m giving the update u = s·d·exp(e·m). Rows are coordinates; φ holds, per layer, the
 * weights [in × out] row-major and then the bias, the first layer's in being the coordinate
 * features followed by the time features. Rows are processed in blocks of {@link #BLOCK}, so the
 * workspace stays small however many coordinates there are. Not thread-safe (the workspace).
 */
final class MlpLoptNet {
  /** Rows per block. */
  static final int BLOCK = 1024;

  private final MlpLoptConfig config;
  private final int features;
  private final int times;
  private final int[] widths; // hidden widths, then 2
  private final int[] weightOffsets;
  private final int[] biasOffsets;
  private final int size;

  // Workspace: pre-activations z_l and activations a_l of a block, and their adjoints.
  private final float[][] z;
  private final float[][] a;
  private final float[][] dz;
  private final float[][] da;
  private final float[] firstBias;

  MlpLoptNet(MlpLoptConfig config) {
    this.config = config;
    this.features = config.coordinateFeatures();
    this.times = config.timeScales().length;
    int layers = config.hidden().length + 1;
    widths = new int[layers];
    System.arraycopy(config.hidden(), 0, widths, 0, layers - 1);
    widths[layers - 1] = 2;
    weightOffsets = new int[layers];
    biasOffsets = new int[layers];
    int offset = 0;
    for (int l = 0; l < layers; l++) {
      int in = l == 0 ? config.inputs() : widths[l - 1];
      weightOffsets[l] = offset;
      offset = Math.addExact(offset, Math.multiplyExact(in, widths[l]));
      biasOffsets[l] = offset;
      offset = Math.addExact(offset, widths[l]);
    }
    size = offset;
    z = new float[layers][];
    a = new float[layers][];
    dz = new float[layers][];
    da = new float[layers][];
    for (int l = 0; l < layers; l++) {
      z[l] = new float[BLOCK * widths[l]];
      a[l] = new float[BLOCK * widths[l]];
      dz[l] = new float[BLOCK * widths[l]];
      da[l] = new float[BLOCK * widths[l]];
    }
    firstBias = new float[widths[0]];
  }

  /** Number of meta-parameters. */
  int size() {
    return size;
  }

  /** Number of layers, the output layer included. */
  int layers() {
    return widths.length;
  }

  /** Inputs of layer {@code l}. */
  int inputs(int l) {
    return l == 0 ? config.inputs() : widths[l - 1];
  }

  /** Outputs of layer {@code l}. */
  int width(int l) {
    return widths[l];
  }

  /** Where layer {@code l}'s weights [inputs × width] start in φ. */
  int weightOffset(int l) {
    return weightOffsets[l];
  }

  /** Where layer {@code l}'s bias starts in φ. */
  int biasOffset(int l) {
    return biasOffsets[l];
  }

  /** Workspace bytes of one network (its block buffers). */
  long workspaceBytes() {
    long floats = widths[0];
    for (int w : widths) {
      floats += 4L * BLOCK * w;
    }
    return 4 * floats;
  }

  /** LeCun normal weights N(0, 1/fan_in), zero biases. */
  void initialize(Rng rng, float[] phi) {
    for (int l = 0; l < widths.length; l++) {
      int in = l == 0 ? config.inputs() : widths[l - 1];
      float std = (float) Math.sqrt(1.0 / in);
      for (int i = weightOffsets[l]; i < biasOffsets[l]; i++) {
        phi[i] = (float) (std * rng.nextGaussian());
      }
      for (int i = biasOffsets[l]; i < biasOffsets[l] + widths[l]; i++) {
        phi[i] = 0f;
      }
    }
  }

  /** tanh(t/τ) for every time scale τ; t counts the updates made before this one. */
  void timeFeatures(long t, float[] out) {
    float[] scales = config.timeScales();
    for (int k = 0; k < times; k++) {
      out[k] = (float) Math.tanh(t / (double) scales[k]);
    }
  }

  /** The first layer's bias plus its time features' contribution, shared by every row. */
  private void firstBias(float[] phi, float[] time) {
    int w = widths[0];
    System.arraycopy(phi, biasOffsets[0], firstBias, 0, w);
    for (int k = 0; k < times; k++) {
      int row = weightOffsets[0] + (features + k) * w;
      float tk = time[k];
      for (int j = 0; j < w; j++) {
        firstBias[j] += tk * phi[row + j];
      }
    }
  }

  /**
   * Writes u for {@code n} rows of features {@code x} (n × coordinateFeatures, row-major) into
   * {@code u}.
   */
  void forward(float[] phi, float[] x, float[] time, int n, float[] u) {
    firstBias(phi, time);
    for (int r0 = 0; r0 < n; r0 += BLOCK) {
      int rows = Math.min(BLOCK, n - r0);
      forwardBlock(phi, x, r0, rows);
      float[] out = a[widths.length - 1];
      for (int r = 0; r < rows; r++) {
        u[r0 + r] = step(out[2 * r], out[2 * r + 1]);
      }
    }
  }

  private float step(float direction, float magnitude) {
    return config.stepScale() * direction * (float) Math.exp(config.expScale() * magnitude);
  }

  /** z_l and a_l of rows [r0, r0 + rows); the output layer's a is its z. Needs firstBias. */
  private void forwardBlock(float[] phi, float[] x, int r0, int rows) {
    int last = widths.length - 1;
    for (int l = 0; l <= last; l++) {
      int w = widths[l];
      float[] zl = z[l];
      if (l == 0) {
        Kernels.matmul(x, r0 * features, phi, weightOffsets[0], zl, 0, rows, features, w, false);
      } else {
        Kernels.matmul(a[l - 1], 0, phi, weightOffsets[l], zl, 0, rows, widths[l - 1], w, false);
      }
      float[] bias = l == 0 ? firstBias : null;
      int bo = biasOffsets[l];
      float[] al = a[l];
      for (int r = 0; r < rows; r++) {
        int o = r * w;
        for (int j = 0; j < w; j++) {
          float v = zl[o + j] + (bias != null ? bias[j] : phi[bo + j]);
          zl[o + j] = v;
          al[o + j] = l == last ? v : Math.max(v, 0f);
        }
      }
    }
  }

  /**
   * Adds Σ_rows du[r]·∂u_r/∂φ into {@code dphi}, recomputing the forward pass of the {@code n} rows
   * of {@code x} at time features {@code time}.
   */
  void backward(float[] phi, float[] x, float[] time, int n, float[] du, float[] dphi) {
    firstBias(phi, time);
    int last = widths.length - 1;
    float[] firstBiasGrad = new float[widths[0]];
    for (int r0 = 0; r0 < n; r0 += BLOCK) {
      int rows = Math.min(BLOCK, n - r0);
      forwardBlock(phi, x, r0, rows);
      float[] out = a[last];
      float[] dOut = dz[last];
      for (int r = 0; r < rows; r++) {
        float scale = config.stepScale() * (float) Math.exp(config.expScale() * out[2 * r + 1]);
        float g = du[r0 + r];
        dOut[2 * r] = g * scale;
        dOut[2 * r + 1] = g * config.expScale() * scale * out[2 * r];
      }
      for (int l = last; l >= 0; l--) {
        int w = widths[l];
        float[] dzl = dz[l];
        if (l < last) {
          float[] zl = z[l];
          float[] dal = da[l];
          for (int i = 0; i < rows * w; i++) {
            dzl[i] = zl[i] > 0f ? dal[i] : 0f;
          }
        }
        float[] biasGrad = l == 0 ? firstBiasGrad : null;
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < w; j++) {
            if (biasGrad != null) {
              biasGrad[j] += dzl[r * w + j];
            } else {
              dphi[biasOffsets[l] + j] += dzl[r * w + j];
            }
          }
        }
        if (l == 0) {
          Kernels.matmulTransA(
              x, r0 * features, dzl, 0, dphi, weightOffsets[0], features, rows, w, true);
        } else {
          int in = widths[l - 1];
          Kernels.matmulTransA(a[l - 1], 0, dzl, 0, dphi, weightOffsets[l], in, rows, w, true);
          Kernels.matmulTransB(dzl, 0, phi, weightOffsets[l], da[l - 1], 0, rows, w, in, false);
        }
      }
    }
    int w = widths[0];
    for (int j = 0; j < w; j++) {
      dphi[biasOffsets[0] + j] += firstBiasGrad[j];
    }
    for (int k = 0; k < times; k++) {
      int row = weightOffsets[0] + (features + k) * w;
      for (int j = 0; j < w; j++) {
        dphi[row + j] += time[k] * firstBiasGrad[j];
      }
    }
  }
}
