package io.learnopt.autodiff;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Tensor;
import java.util.Arrays;

/**
 * Y[b,o,y,x] = bias[o] + Σ_{c,i,j} W[o,c,i,j]·X[b,c, y+i−p, x+j−p], reading X as zero outside its
 * H×W: a 2-D convolution with stride 1 and zero padding p ({@link Tape#conv2d}). Like every
 * deep-learning library it is a cross-correlation (the kernel is not flipped). Shapes: X [B, Cin,
 * H, W], W [Cout, Cin, kh, kw], bias [Cout], Y [B, Cout, Ho, Wo] with Ho = H + 2p − kh + 1.
 *
 * <p>Forward by im2col (Chellapilla et al. 2006): the receptive fields of a group of g images are
 * unrolled into the columns of col[K × g·P], K = Cin·kh·kw, P = Ho·Wo, so the convolution is one
 * matrix product W[Cout × K]·col on {@link Kernels}. Groups span at least {@value #GROUP_COLUMNS}
 * columns, so the small late feature maps (3×3 in the few-shot net) still give the product long
 * rows. Backward, with G = ∂L/∂Y gathered into the same [Cout × g·P] order:
 *
 * <ul>
 *   <li>∂L/∂W += G·colᵀ, computed as its transpose col·Gᵀ [K × Cout],
 *   <li>∂L/∂col = Wᵀ·G, scattered back by col2im (fields overlap, so their gradients add),
 *   <li>∂L/∂bias[o] = Σ_{b,y,x} G[b,o,y,x].
 * </ul>
 *
 * <p>Every product's output rows are whole vectors long: the rows of col and G are padded with zero
 * columns to a multiple of the vector length, and ∂L/∂W is formed transposed, with Cout columns
 * (64, 32, 16 in the few-shot nets). A partial last vector sends VectorGemm to its masked store,
 * which makes the whole product several times slower.
 *
 * <p>col is rebuilt in the backward pass instead of kept: it is kh·kw times the size of X. One col
 * buffer and one [Cout × g·P] buffer serve all groups, forward and backward.
 */
record Conv2dOp(Var x, Var w, Var b, Var output, Conv2dOp.Geometry g, float[] col, float[] out)
    implements Node {
  /** Minimum columns of one group's product (one image if its feature map is larger). */
  static final int GROUP_COLUMNS = 256;

  /** Records the convolution; {@code b} may be null. */
  static Var apply(Tape tape, Var x, Var w, Var b, int padding) {
    Geometry g = Geometry.of(x.value(), w.value(), b == null ? null : b.value(), padding);
    Tensor xv = x.value();
    Tensor wv = w.value();
    Tensor yv = Tensor.zeros(g.batch, g.cout, g.ho, g.wo);
    float[] col = new float[g.k * g.stride(g.group)];
    float[] out = new float[g.cout * g.stride(g.group)];
    float[] yd = yv.data();
    for (int b0 = 0; b0 < g.batch; b0 += g.group) {
      int images = Math.min(g.group, g.batch - b0);
      int ld = g.stride(images);
      im2col(g, xv.data(), xv.offset(), b0, images, col);
      Kernels.matmul(wv.data(), wv.offset(), col, 0, out, 0, g.cout, g.k, ld, false);
      // out[o, img·P + q] → Y[b0 + img, o, q], starting from the bias.
      for (int img = 0; img < images; img++) {
        for (int o = 0; o < g.cout; o++) {
          float bias = b == null ? 0f : b.value().get(o);
          int src = o * ld + img * g.p;
          int dst = ((b0 + img) * g.cout + o) * g.p;
          for (int q = 0; q < g.p; q++) {
            yd[dst + q] = out[src + q] + bias;
          }
        }
      }
    }
    return b == null
        ? tape.record(yv, y -> new Conv2dOp(x, w, null, y, g, col, out), x, w)
        : tape.record(yv, y -> new Conv2dOp(x, w, b, y, g, col, out), x, w, b);
  }

  @Override
  public void backward() {
    Tensor dy = output.grad();
    float[] gd = dy.data();
    if (b != null && b.requiresGrad()) {
      Tensor db = b.grad();
      for (int i = 0; i < g.batch; i++) {
        for (int o = 0; o < g.cout; o++) {
          int src = dy.offset() + (i * g.cout + o) * g.p;
          float sum = 0f;
          for (int q = 0; q < g.p; q++) {
            sum += gd[src + q];
          }
          db.data()[db.offset() + o] += sum;
        }
      }
    }
    if (!x.requiresGrad() && !w.requiresGrad()) {
      return;
    }
    Tensor xv = x.value();
    Tensor wv = w.value();
    // (∂L/∂W)ᵀ [K × Cout], summed over the groups and added to ∂L/∂W once at the end.
    float[] dwT = w.requiresGrad() ? new float[g.k * g.cout] : null;
    for (int b0 = 0; b0 < g.batch; b0 += g.group) {
      int images = Math.min(g.group, g.batch - b0);
      int n = images * g.p;
      int ld = g.stride(images);
      // G[b0 + img, o, q] → out[o, img·P + q], the order of the forward product; zero padding.
      for (int o = 0; o < g.cout; o++) {
        for (int img = 0; img < images; img++) {
          System.arraycopy(
              gd, dy.offset() + ((b0 + img) * g.cout + o) * g.p, out, o * ld + img * g.p, g.p);
        }
        Arrays.fill(out, o * ld + n, o * ld + ld, 0f);
      }
      if (dwT != null) {
        // (∂L/∂W)ᵀ[K×Cout] += col[K×ld]·Gᵀ, G stored Cout×ld.
        im2col(g, xv.data(), xv.offset(), b0, images, col);
        Kernels.matmulTransB(col, 0, out, 0, dwT, 0, g.k, ld, g.cout, b0 > 0);
      }
      if (x.requiresGrad()) {
        // ∂L/∂col[K×ld] = Wᵀ·G, W stored Cout×K; col is free again and takes it.
        Kernels.matmulTransA(wv.data(), wv.offset(), out, 0, col, 0, g.k, g.cout, ld, false);
        Tensor dx = x.grad();
        col2im(g, col, b0, images, dx.data(), dx.offset());
      }
    }
    if (dwT != null) {
      Tensor dw = w.grad();
      float[] d = dw.data();
      for (int o = 0; o < g.cout; o++) {
        for (int r = 0; r < g.k; r++) {
          d[dw.offset() + o * g.k + r] += dwT[r * g.cout + o];
        }
      }
    }
  }

  /**
   * col[(c·kh + i)·kw + j, img·P + y·Wo + x] = X[b0 + img, c, y+i−p, x+j−p], or 0 in the padding;
   * rows {@link Geometry#stride} long, their last columns zero.
   */
  private static void im2col(Geometry g, float[] x, int xOff, int b0, int images, float[] col) {
    int ld = g.stride(images);
    for (int c = 0; c < g.cin; c++) {
      for (int i = 0; i < g.kh; i++) {
        for (int j = 0; j < g.kw; j++) {
          int row = ((c * g.kh + i) * g.kw + j) * ld;
          Span span = g.sameWidth() ? Span.of(g, i, j) : null;
          for (int img = 0; img < images; img++) {
            int plane = xOff + ((b0 + img) * g.cin + c) * g.h * g.w;
            if (span != null) {
              copyShifted(g, span, x, plane, col, row + img * g.p);
            } else {
              copyRows(g, i, j, x, plane, col, row + img * g.p);
            }
          }
          Arrays.fill(col, row + images * g.p, row + ld, 0f);
        }
      }
    }
  }

  /**
   * One image's P columns of col row (c, i, j) when Wo = W: output position q = y·W + x reads input
   * position q + (i−p)·W + (j−p), so the valid part is one contiguous copy, after which the |j−p|
   * columns per row that wrapped into the neighbouring input row are zeroed.
   */
  private static void copyShifted(Geometry g, Span s, float[] x, int plane, float[] col, int base) {
    if (s.empty()) {
      Arrays.fill(col, base, base + g.p, 0f);
      return;
    }
    Arrays.fill(col, base, base + s.start, 0f);
    System.arraycopy(x, plane + s.start + s.shift, col, base + s.start, s.end - s.start);
    Arrays.fill(col, base + s.end, base + g.p, 0f);
    s.zeroWrapped(g, col, base);
  }

  /** One image's P columns of col row (c, i, j), output row by output row (any geometry). */
  private static void copyRows(
      Geometry g, int i, int j, float[] x, int plane, float[] col, int base) {
    int lo = g.firstColumn(j);
    int hi = g.endColumn(j, lo);
    int shift = j - g.pad; // input column = output column + shift
    for (int oy = 0; oy < g.ho; oy++) {
      int d = base + oy * g.wo;
      int iy = oy + i - g.pad;
      if (iy < 0 || iy >= g.h) {
        Arrays.fill(col, d, d + g.wo, 0f);
        continue;
      }
      Arrays.fill(col, d, d + lo, 0f);
      System.arraycopy(x, plane + iy * g.w + shift + lo, col, d + lo, hi - lo);
      Arrays.fill(col, d + hi, d + g.wo, 0f);
    }
  }

  /**
   * The adjoint of {@link #im2col}: dX[b0 + img, c, y+i−p, x+j−p] += dcol[…]; padding dropped.
   * Overwrites dcol's wrapped columns with zeros (dcol is scratch).
   */
  private static void col2im(Geometry g, float[] dcol, int b0, int images, float[] dx, int dxOff) {
    int ld = g.stride(images);
    for (int c = 0; c < g.cin; c++) {
      for (int i = 0; i < g.kh; i++) {
        for (int j = 0; j < g.kw; j++) {
          int row = ((c * g.kh + i) * g.kw + j) * ld;
          Span s = g.sameWidth() ? Span.of(g, i, j) : null;
          for (int img = 0; img < images; img++) {
            int plane = dxOff + ((b0 + img) * g.cin + c) * g.h * g.w;
            int base = row + img * g.p;
            if (s != null) {
              if (!s.empty()) {
                // Zeroed wrapped columns add nothing, so the whole span is one vector add.
                s.zeroWrapped(g, dcol, base);
                int at = plane + s.start + s.shift;
                Kernels.add(dx, at, dcol, base + s.start, dx, at, s.end - s.start);
              }
            } else {
              addRows(g, i, j, dcol, base, dx, plane);
            }
          }
        }
      }
    }
  }

  /** dX's share of one image's P columns of dcol row (c, i, j), row by row (any geometry). */
  private static void addRows(
      Geometry g, int i, int j, float[] dcol, int base, float[] dx, int plane) {
    int lo = g.firstColumn(j);
    int hi = g.endColumn(j, lo);
    int shift = j - g.pad;
    for (int oy = 0; oy < g.ho; oy++) {
      int iy = oy + i - g.pad;
      if (iy < 0 || iy >= g.h) {
        continue;
      }
      int d = base + oy * g.wo;
      int s = plane + iy * g.w + shift;
      for (int ox = lo; ox < hi; ox++) {
        dx[s + ox] += dcol[d + ox];
      }
    }
  }

  /**
   * For Wo = W, the output positions [start, end) of one image that kernel tap (i, j) reads from
   * inside X, from the first valid column of the first valid row to the last valid column of the
   * last; input position = output position + shift. Inside it, the columns [hi, Wo) of one row and
   * [0, lo) of the next read across a row edge and are invalid.
   */
  private record Span(int start, int end, int shift, int lo, int hi, int firstRow, int endRow) {
    static Span of(Geometry g, int i, int j) {
      int firstRow = Math.min(g.ho, Math.max(0, g.pad - i));
      int endRow = Math.max(firstRow, Math.min(g.ho, g.h + g.pad - i));
      int lo = g.firstColumn(j);
      int hi = g.endColumn(j, lo);
      int start = firstRow * g.wo + lo;
      int end = (endRow - 1) * g.wo + hi;
      return new Span(start, end, (i - g.pad) * g.w + (j - g.pad), lo, hi, firstRow, endRow);
    }

    boolean empty() {
      return firstRow >= endRow || lo >= hi;
    }

    /** Zeroes the invalid columns between the span's rows in a[base + …]. */
    void zeroWrapped(Geometry g, float[] a, int base) {
      if (lo == 0 && hi == g.wo) {
        return;
      }
      // A plain loop: Arrays.fill's call costs more than these few (|j − p|) stores.
      int gap = g.wo - hi + lo;
      for (int oy = firstRow; oy < endRow - 1; oy++) {
        int from = base + oy * g.wo + hi;
        for (int k = 0; k < gap; k++) {
          a[from + k] = 0f;
        }
      }
    }
  }

  /** The sizes of one convolution, checked, and the images per product. */
  record Geometry(
      int batch,
      int cin,
      int h,
      int w,
      int cout,
      int kh,
      int kw,
      int pad,
      int ho,
      int wo,
      int k,
      int p,
      int group) {

    static Geometry of(Tensor x, Tensor w, Tensor bias, int pad) {
      int[] xs = x.shape();
      int[] ws = w.shape();
      if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1]) {
        throw new IllegalArgumentException(
            "conv2d: x "
                + Arrays.toString(xs)
                + " and weight "
                + Arrays.toString(ws)
                + " must be [batch, channels, height, width] and [out, channels, kh, kw]"
                + " with the same channels");
      }
      int ho = xs[2] + 2 * pad - ws[2] + 1;
      int wo = xs[3] + 2 * pad - ws[3] + 1;
      if (pad < 0 || ho <= 0 || wo <= 0) {
        throw new IllegalArgumentException(
            "conv2d: a "
                + ws[2]
                + "×"
                + ws[3]
                + " kernel with padding "
                + pad
                + " does not fit x "
                + Arrays.toString(xs)
                + "; padding must be ≥ 0 and the padded image at least the kernel size");
      }
      if (bias != null && (bias.rank() != 1 || bias.size() != ws[0])) {
        throw new IllegalArgumentException(
            "conv2d: bias "
                + Arrays.toString(bias.shape())
                + " must have shape ["
                + ws[0]
                + "], one entry per output channel of weight "
                + Arrays.toString(ws));
      }
      int k = ws[1] * ws[2] * ws[3];
      int p = ho * wo;
      int group = Math.max(1, Math.min(xs[0], (GROUP_COLUMNS + p - 1) / p));
      return new Geometry(
          xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], pad, ho, wo, k, p, group);
    }

    /** Row length of col and G for a group of {@code images}: their columns, in whole vectors. */
    int stride(int images) {
      int lanes = Kernels.vectorLength();
      return (images * p + lanes - 1) / lanes * lanes;
    }

    /** Whether output rows are as wide as input rows (padding (kw − 1)/2), so a tap is a shift. */
    boolean sameWidth() {
      return wo == w;
    }

    /** First output column whose input column x + j − p is ≥ 0 (at most Wo). */
    int firstColumn(int j) {
      return Math.min(wo, Math.max(0, pad - j));
    }

    /** End (exclusive) of the output columns whose input column is &lt; W, never below lo. */
    int endColumn(int j, int lo) {
      return Math.max(lo, Math.min(wo, w + pad - j));
    }
  }
}
