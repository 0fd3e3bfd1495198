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
record MaxPool2dOp(Var x, Var output, int[] argmax) implements Node {

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
    if (size == 2) {
      pool2(in, xv.offset(), planes, h, w, out, argmax);
    } else {
      pool(in, xv.offset(), planes, h, w, size, out, argmax);
    }
    return tape.record(yv, y -> new MaxPool2dOp(x, y, argmax), x);
  }

  /** Any window size: a running maximum, replaced only by a strictly greater value. */
  private static void pool(
      float[] in, int xo, int planes, int h, int w, int size, float[] out, int[] argmax) {
    int ho = h / size;
    int wo = w / size;
    for (int pl = 0; pl < planes; pl++) {
      for (int oy = 0; oy < ho; oy++) {
        int row = (pl * h + oy * size) * w;
        int o = (pl * ho + oy) * wo;
        for (int ox = 0; ox < wo; ox++) {
          int first = row + ox * size;
          int best = first;
          for (int i = 0; i < size; i++) {
            for (int j = 0, at = first + i * w; j < size; j++, at++) {
              if (in[xo + at] > in[xo + best]) {
                best = at;
              }
            }
          }
          out[o + ox] = in[xo + best];
          argmax[o + ox] = best;
        }
      }
    }
  }

  /**
   * 2×2 windows without branches: which element wins is a coin flip the branch predictor cannot
   * learn, so the running maximum above is several times slower on the few-shot net's maps. The
   * comparisons become 0/1 integers: the larger of each row (the left on a tie), then the larger of
   * the two rows (the top on a tie), so ties still go to the first in row-major order.
   */
  private static void pool2(
      float[] in, int xo, int planes, int h, int w, float[] out, int[] argmax) {
    int ho = h / 2;
    int wo = w / 2;
    for (int pl = 0; pl < planes; pl++) {
      for (int oy = 0; oy < ho; oy++) {
        int top = (pl * h + 2 * oy) * w;
        int o = (pl * ho + oy) * wo;
        for (int ox = 0; ox < wo; ox++) {
          int a = top + 2 * ox;
          int b = a + w;
          int upper = a + (in[xo + a + 1] > in[xo + a] ? 1 : 0);
          int lower = b + (in[xo + b + 1] > in[xo + b] ? 1 : 0);
          int best = upper + (in[xo + lower] > in[xo + upper] ? lower - upper : 0);
          out[o + ox] = in[xo + best];
          argmax[o + ox] = best;
        }
      }
    }
  }

  @Override
  public void backward() {
    if (!x.requiresGrad()) {
      return;
    }
    Tensor dy = output.grad();
    Tensor dx = x.grad();
    float[] g = dy.data();
    float[] d = dx.data();
    for (int o = 0; o < argmax.length; o++) {
      d[dx.offset() + argmax[o]] += g[dy.offset() + o];
    }
  }
}
