package io.learnopt.lopt;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Rng;

/**
 * The per-coordinate network of {@link MlpLopt}: inputs x (the coordinate's normalized features)
 * and the step's time features τ (the same for every coordinate), hidden ReLU layers, and two
 * outputs d and m giving the update u = s·d·exp(e·m). φ holds, per layer, the weights [in × out]
 * row-major and then the bias, the first layer's in being the coordinate features followed by the
 * time features.
 *
 * <p>Coordinates are processed in blocks of {@link #BLOCK}. The features of a block are one panel,
 * feature-major (features × block width, see {@link #panel}), and so are the layers' activations
 * (units × block width): every product then runs along the long coordinate dimension, where the
 * vector kernels are fast, and the workspace stays small however many coordinates there are. Not
 * thread-safe (the workspace).
 */
final class MlpLoptNet {
  /** Coordinates per block. */
  static final int BLOCK = 1024;

  private final MlpLoptConfig config;
  private final int features;
  private final int times;
  private final int[] widths; // hidden widths, then 2
  private final int[] weightOffsets;
  private final int[] biasOffsets;
  private final int size;

  // Workspace: pre-activations z_l and activations a_l of a block (units × BLOCK), and adjoints.
  private final float[][] z;
  private final float[][] a;
  private final float[][] dz;
  private final float[][] da;
  private final float[] firstBias;
  private final float[] firstBiasGrad;
  private final float[] growth = new float[BLOCK]; // exp(e·m) of a block

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
      weightOffsets[l] = offset;
      offset = Math.addExact(offset, Math.multiplyExact(inputs(l), widths[l]));
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
    firstBiasGrad = new float[widths[0]];
  }

  /**
   * Where feature {@code j} of coordinate {@code i} sits in a feature array of {@code features}
   * features per coordinate: the panel of i's block (features × its width, row-major), row j.
   */
  static int panel(int n, int features, int i, int j) {
    int block = i / BLOCK;
    int start = block * BLOCK;
    int width = Math.min(BLOCK, n - start);
    return start * features + j * width + (i - start);
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
    long floats = 2L * widths[0] + BLOCK; // the first bias and its adjoint, exp(e·m)
    for (int w : widths) {
      floats += 4L * BLOCK * w;
    }
    return 4 * floats;
  }

  /** LeCun normal weights N(0, 1/fan_in), zero biases. */
  void initialize(Rng rng, float[] phi) {
    for (int l = 0; l < widths.length; l++) {
      float std = (float) Math.sqrt(1.0 / inputs(l));
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

  /** The first layer's bias plus its time features' contribution, shared by every coordinate. */
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
   * Writes u for the {@code n} coordinates whose features are {@code x} (panels) into {@code u}.
   */
  void forward(float[] phi, float[] x, float[] time, int n, float[] u) {
    firstBias(phi, time);
    float s = config.stepScale();
    float e = config.expScale();
    for (int c0 = 0; c0 < n; c0 += BLOCK) {
      int width = Math.min(BLOCK, n - c0);
      forwardBlock(phi, x, c0, width);
      float[] out = a[widths.length - 1];
      Kernels.expScaled(e, out, width, growth, 0, width);
      for (int i = 0; i < width; i++) {
        u[c0 + i] = s * out[i] * growth[i];
      }
    }
  }

  /** z_l and a_l (units × width) of the block at {@code c0}; the output's a is its z. */
  private void forwardBlock(float[] phi, float[] x, int c0, int width) {
    int last = widths.length - 1;
    for (int l = 0; l <= last; l++) {
      int units = widths[l];
      float[] zl = z[l];
      // z_l = W_lᵀ·a_{l−1}: W_l is stored inputs × units, so it is read transposed.
      if (l == 0) {
        Kernels.matmulTransA(
            phi, weightOffsets[0], x, c0 * features, zl, 0, units, features, width, false);
      } else {
        Kernels.matmulTransA(
            phi, weightOffsets[l], a[l - 1], 0, zl, 0, units, widths[l - 1], width, false);
      }
      float[] al = a[l];
      for (int j = 0; j < units; j++) {
        float bias = l == 0 ? firstBias[j] : phi[biasOffsets[l] + j];
        int row = j * width;
        if (l == last) {
          for (int i = row; i < row + width; i++) {
            float v = zl[i] + bias;
            zl[i] = v;
            al[i] = v;
          }
        } else {
          for (int i = row; i < row + width; i++) {
            float v = zl[i] + bias;
            zl[i] = v;
            al[i] = Math.max(v, 0f);
          }
        }
      }
    }
  }

  /**
   * Adds Σ_i du[i]·∂u_i/∂φ into {@code dphi}, recomputing the forward pass of the {@code n}
   * coordinates with features {@code x} (panels) at time features {@code time}.
   */
  void backward(float[] phi, float[] x, float[] time, int n, float[] du, float[] dphi) {
    firstBias(phi, time);
    int last = widths.length - 1;
    float s = config.stepScale();
    float e = config.expScale();
    java.util.Arrays.fill(firstBiasGrad, 0f);
    for (int c0 = 0; c0 < n; c0 += BLOCK) {
      int width = Math.min(BLOCK, n - c0);
      forwardBlock(phi, x, c0, width);
      float[] out = a[last];
      float[] dOut = dz[last];
      Kernels.expScaled(e, out, width, growth, 0, width);
      for (int i = 0; i < width; i++) {
        float scale = s * growth[i];
        float g = du[c0 + i];
        dOut[i] = g * scale;
        dOut[width + i] = g * e * scale * out[i];
      }
      for (int l = last; l >= 0; l--) {
        int units = widths[l];
        float[] dzl = dz[l];
        if (l < last) {
          float[] zl = z[l];
          float[] dal = da[l];
          for (int i = 0; i < units * width; i++) {
            dzl[i] = zl[i] > 0f ? dal[i] : 0f;
          }
        }
        for (int j = 0; j < units; j++) {
          float sum = 0f;
          for (int i = j * width; i < (j + 1) * width; i++) {
            sum += dzl[i];
          }
          if (l == 0) {
            firstBiasGrad[j] += sum;
          } else {
            dphi[biasOffsets[l] + j] += sum;
          }
        }
        // ∂W_l += a_{l−1}·dz_lᵀ; ∂a_{l−1} = W_l·dz_l.
        if (l == 0) {
          Kernels.matmulTransB(
              x, c0 * features, dzl, 0, dphi, weightOffsets[0], features, width, units, true);
        } else {
          int in = widths[l - 1];
          Kernels.matmulTransB(a[l - 1], 0, dzl, 0, dphi, weightOffsets[l], in, width, units, true);
          Kernels.matmul(phi, weightOffsets[l], dzl, 0, da[l - 1], 0, in, units, width, false);
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
