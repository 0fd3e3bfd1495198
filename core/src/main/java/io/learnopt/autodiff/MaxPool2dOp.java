package io.learnopt.autodiff;

import io.learnopt.tensor.Tensor;
import java.util.Arrays;

/**
 * Y[b,c,y,x] = max_{0 ≤ i,j &lt; s} X[b,c, s·y+i, s·x+j]: max pooling over s×s windows with stride
 * s ({@link Tape#maxPool2d}). X [B, C, H, W] gives Y [B, C, ⌊H/s⌋, ⌊W/s⌋]; rows and columns past
 * the last whole window are dropped (PyTorch's default floor mode), so the few-shot net's 7×7 maps
 * pool to 3×3.
 *
 * <p>Backward: each window's ∂L/∂Y goes to the position of its maximum, kept from the forward pass;
 * on ties, to the first in row-major order. The max is not differentiable at a tie; this is the
 * subgradient every library picks.
 */
final class MaxPool2dOp implements Node {
  private final Var x;
  private final Var y;
  private final int[] argmax;

  private MaxPool2dOp(Var x, Var y, int[] argmax) {
    this.x = x;
    this.y = y;
    this.argmax = argmax;
  }

  static Var apply(Tape tape, Var x, int size) {
    Tensor xv = x.value();
    int[] s = xv.shape();
    if (s.length != 4 || size <= 0 || s[2] < size || s[3] < size) {
      throw new IllegalArgumentException(
          "maxPool2d: x "
              + Arrays.toString(s)
              + " must be [batch, channels, height, width] with height and width ≥ the window "
              + size
              + " (> 0)");
    }
    int planes = s[0] * s[1];
    int h = s[2];
    int w = s[3];
    int ho = h / size;
    int wo = w / size;
    Tensor yv = Tensor.zeros(s[0], s[1], ho, wo);
    float[] in = xv.data();
    float[] out = yv.data();
    // argmax[o] is the index, within X, of the element that became Y[o].
    int[] argmax = new int[yv.size()];
    for (int pl = 0; pl < planes; pl++) {
      for (int oy = 0; oy < ho; oy++) {
        for (int ox = 0; ox < wo; ox++) {
          int first = (pl * h + oy * size) * w + ox * size;
          int best = first;
          float max = in[xv.offset() + first];
          for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
              int at = first + i * w + j;
              // Strictly greater: a tie keeps the earlier position.
              if (in[xv.offset() + at] > max) {
                max = in[xv.offset() + at];
                best = at;
              }
            }
          }
          int o = (pl * ho + oy) * wo + ox;
          out[o] = max;
          argmax[o] = best;
        }
      }
    }
    return tape.record(yv, y -> new MaxPool2dOp(x, y, argmax), x);
  }

  @Override
  public Var output() {
    return y;
  }

  @Override
  public void backward() {
    if (!x.requiresGrad()) {
      return;
    }
    Tensor dy = y.grad();
    Tensor dx = x.grad();
    float[] g = dy.data();
    float[] d = dx.data();
    for (int o = 0; o < argmax.length; o++) {
      d[dx.offset() + argmax[o]] += g[dy.offset() + o];
    }
  }
}
