package io.learnopt.autodiff;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Tensor;
import java.util.Arrays;

/**
 * G[B×C×C] = X_b·X_bᵀ / M for feature maps X[B×C×H×W] read as C×M matrices X_b (M = H·W): the Gram
 * matrix of channel correlations that Gatys et al.'s style loss compares ({@link Tape#gram}).
 *
 * <p>Backward, with D = ∂L/∂G_b: ∂L/∂X_b = (D + Dᵀ)·X_b / M.
 */
record GramOp(Var x, Var output) implements Node {

  static Var apply(Tape tape, Var x) {
    Tensor xv = x.value();
    int[] s = xv.shape();
    if (s.length != 4) {
      throw new IllegalArgumentException(
          "gram: needs feature maps [B×C×H×W], got " + Arrays.toString(s));
    }
    int b = s[0];
    int c = s[1];
    int m = s[2] * s[3];
    Tensor gv = Tensor.zeros(b, c, c);
    float inv = 1f / m;
    for (int i = 0; i < b; i++) {
      int xo = xv.offset() + i * c * m;
      Kernels.matmulTransB(xv.data(), xo, xv.data(), xo, gv.data(), i * c * c, c, m, c, false);
    }
    Kernels.scale(inv, gv.data(), gv.data());
    return tape.record(gv, g -> new GramOp(x, g), x);
  }

  @Override
  public void backward() {
    if (!x.requiresGrad()) {
      return;
    }
    Tensor xv = x.value();
    int[] s = xv.shape();
    int b = s[0];
    int c = s[1];
    int m = s[2] * s[3];
    Tensor d = output.grad();
    Tensor dx = x.grad();
    float[] sym = new float[c * c];
    float inv = 1f / m;
    for (int i = 0; i < b; i++) {
      int go = d.offset() + i * c * c;
      for (int r = 0; r < c; r++) {
        for (int q = 0; q < c; q++) {
          sym[r * c + q] = (d.data()[go + r * c + q] + d.data()[go + q * c + r]) * inv;
        }
      }
      int xo = i * c * m;
      Kernels.matmul(
          sym, 0, xv.data(), xv.offset() + xo, dx.data(), dx.offset() + xo, c, c, m, true);
    }
  }
}
