package io.learnopt.learned;

import io.learnopt.optim.NamedArrays;
import io.learnopt.tensor.MatrixView;
import java.util.Arrays;

/**
 * The inputs of {@link Preprocessing#ADAM} (RNNprop, Lv et al. 2017): per coordinate, Adam's
 * moments m and v at β₁ = β₂ = 0.95, carried from step to step and from one unroll to the next, and
 * the inputs m̂/(√v̂ + ε) and g/(√v̂ + ε) they give with bias correction after {@code count} steps.
 *
 * <p>The moments depend on the gradients alone, never on φ, so BPTT treats these inputs as data, as
 * it does the gradient. A recomputing store replays them from the moments it saved at the start of
 * the unroll and the gradients it kept: the same arithmetic in the same order, the same bits.
 */
final class AdamInputs {
  static final float BETA1 = 0.95f;
  static final float BETA2 = 0.95f;
  static final float EPSILON = 1e-8f;

  private final float[] m;
  private final float[] v;
  private long count;

  /** Zero moments for {@code coordinates} coordinates. */
  AdamInputs(int coordinates) {
    m = new float[coordinates];
    v = new float[coordinates];
  }

  /** Zero moments, no steps (a new task). */
  void reset() {
    Arrays.fill(m, 0f);
    Arrays.fill(v, 0f);
    count = 0;
  }

  /**
   * Advances the moments by {@code grad} and writes the two inputs into the first two rows of layer
   * 0's input slot {@code slot}, real coordinates only.
   */
  void write(float[] grad, Activations a, int slot) {
    count++;
    float c1 = (float) (1 - StrictMath.pow(BETA1, count));
    float c2 = (float) (1 - StrictMath.pow(BETA2, count));
    BlockLayout blocks = a.blocks;
    for (int k = 0; k < blocks.count(); k++) {
      MatrixView in = a.rawInput(slot, k);
      float[] out = in.array();
      int row0 = in.offset();
      int row1 = row0 + in.stride();
      int first = blocks.first(k);
      int width = blocks.realWidth(k);
      for (int b = 0; b < width; b++) {
        int i = first + b;
        float g = grad[i];
        m[i] = BETA1 * m[i] + (1 - BETA1) * g;
        v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
        float inverse = 1f / ((float) Math.sqrt(v[i] / c2) + EPSILON);
        out[row0 + b] = m[i] / c1 * inverse;
        out[row1 + b] = g * inverse;
      }
    }
  }

  /** Sets the moments to coordinates [b0, b0 + m.length) of {@code source}'s, and its count. */
  void load(AdamInputs source, int b0) {
    int n = Math.max(0, Math.min(m.length, source.m.length - b0));
    System.arraycopy(source.m, b0, m, 0, n);
    System.arraycopy(source.v, b0, v, 0, n);
    count = source.count;
  }

  /** A copy of everything, for a store that replays an unroll. */
  void copyFrom(AdamInputs source) {
    load(source, 0);
  }

  /** Saves the moments and the count under {@code adam_m}, {@code adam_v}, {@code adam_t}. */
  void save(NamedArrays out) {
    out.putArray("adam_m", m.clone());
    out.putArray("adam_v", v.clone());
    out.putCounter("adam_t", count);
  }

  /** Restores what {@link #save} wrote. */
  void restore(NamedArrays in) {
    System.arraycopy(in.array("adam_m", m.length), 0, m, 0, m.length);
    System.arraycopy(in.array("adam_v", v.length), 0, v, 0, v.length);
    count = in.counter("adam_t");
  }
}
