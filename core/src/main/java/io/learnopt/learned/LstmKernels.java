package io.learnopt.learned;

/**
 * The primitives of the coordinatewise LSTM, over a block of coordinates {@code [b0, b0+width)}.
 *
 * <p>Layout (structure of arrays): every matrix of per-coordinate data is feature-major, row r of
 * coordinate b at {@code array[off + r*stride + b]}, so each kernel is a loop over contiguous
 * coordinates and the gate arithmetic vectorizes along them. Weights are row-major {@code w[j*cols
 * + k]}. Callers pad the coordinate count to a multiple of {@link #LANES}, so no kernel needs a
 * tail loop.
 *
 * <p>Two implementations: {@link VectorLstmKernels} (the Vector API, the one used) and {@link
 * ScalarLstmKernels} (plain loops, the reference the tests compare against). Select the scalar one
 * with {@code -Dlearnopt.kernels=scalar}.
 */
public abstract sealed class LstmKernels permits VectorLstmKernels, ScalarLstmKernels {

  /** Coordinate counts are padded to a multiple of this (the widest float vector, 512 bits). */
  public static final int LANES = 16;

  /** The kernels this JVM uses. */
  public static LstmKernels get() {
    return Default.KERNELS;
  }

  // A holder class: creating a subclass inside LstmKernels' own static initializer would run the
  // subclass constructor before the subclass's static fields are set.
  private static final class Default {
    static final LstmKernels KERNELS =
        "scalar".equals(System.getProperty("learnopt.kernels"))
            ? new ScalarLstmKernels()
            : new VectorLstmKernels();
  }

  /** {@code n} rounded up to a multiple of {@link #LANES}. */
  public static int padded(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  /**
   * out[j][b] (+)= Σ_k w[j][k]·in[k][b] for j &lt; rows, k &lt; cols: a small GEMM whose output and
   * input rows are strided over the coordinates.
   */
  public final void gemm(
      float[] w,
      int wOff,
      int rows,
      int cols,
      float[] in,
      int inOff,
      float[] out,
      int outOff,
      boolean accumulate,
      int stride,
      int b0,
      int width) {
    gemm(w, wOff, rows, cols, cols, in, inOff, out, outOff, accumulate, stride, b0, width);
  }

  /**
   * As above for {@code cols} columns of a weight matrix with rows of {@code wRowLength}: w[j][k]
   * at {@code wOff + j·wRowLength + k}. A layer whose input rows live in two buffers runs its
   * product as two calls, one per column range, with the FMAs of each output in the order of one
   * call over all columns.
   */
  public abstract void gemm(
      float[] w,
      int wOff,
      int rows,
      int cols,
      int wRowLength,
      float[] in,
      int inOff,
      float[] out,
      int outOff,
      boolean accumulate,
      int stride,
      int b0,
      int width);

  /**
   * out[j][b] = bias[j] + Σ_k w[j][k]·in[k][b]: {@link #gemm} onto a broadcast bias, the LSTM's
   * pre-activations. This reference fills the bias rows and accumulates; the vector kernels start
   * their register tiles from the bias instead, which saves a pass over the output and gives the
   * same bits (the same FMAs onto the same starting value).
   */
  public final void gemmBias(
      float[] w,
      int wOff,
      int rows,
      int cols,
      float[] bias,
      int biasOff,
      float[] in,
      int inOff,
      float[] out,
      int outOff,
      int stride,
      int b0,
      int width) {
    gemmBias(w, wOff, rows, cols, cols, bias, biasOff, in, inOff, out, outOff, stride, b0, width);
  }

  /** As above for {@code cols} columns of a weight matrix with rows of {@code wRowLength}. */
  public void gemmBias(
      float[] w,
      int wOff,
      int rows,
      int cols,
      int wRowLength,
      float[] bias,
      int biasOff,
      float[] in,
      int inOff,
      float[] out,
      int outOff,
      int stride,
      int b0,
      int width) {
    for (int j = 0; j < rows; j++) {
      int row = outOff + j * stride + b0;
      java.util.Arrays.fill(out, row, row + width, bias[biasOff + j]);
    }
    gemm(w, wOff, rows, cols, wRowLength, in, inOff, out, outOff, true, stride, b0, width);
  }

  /**
   * Floats per weight in the lane-wide accumulators of {@link #outerAccumulate} and {@link
   * #rowSumAccumulate}: the vector length for the vector kernels, 1 for the scalar ones.
   */
  public abstract int accumulatorLanes();

  /**
   * dw[j][k] += Σ_b dz[j][b]·in[k][b], the weight gradient of {@link #gemm}, into lane-wide
   * accumulators: weight i's partial sums live at {@code dw[i·L .. i·L + L)} with L = {@link
   * #accumulatorLanes()}, {@code i = dwOff + j·cols + k}. Summing the lanes only once, at the end
   * of a whole backward pass ({@link #reduceAccumulators}), instead of per block and step saves a
   * horizontal reduction per weight per block and step.
   */
  public final void outerAccumulate(
      float[] dz,
      int dzOff,
      int rows,
      float[] in,
      int inOff,
      int cols,
      float[] dw,
      int dwOff,
      int stride,
      int b0,
      int width) {
    outerAccumulate(dz, dzOff, rows, in, inOff, cols, dw, dwOff, cols, stride, b0, width);
  }

  /**
   * As above for {@code cols} columns of a weight matrix with rows of {@code dwRowLength}: {@code i
   * = dwOff + j·dwRowLength + k}. A layer whose input rows live in two buffers takes its gradient
   * in two calls, one per column range.
   */
  public abstract void outerAccumulate(
      float[] dz,
      int dzOff,
      int rows,
      float[] in,
      int inOff,
      int cols,
      float[] dw,
      int dwOff,
      int dwRowLength,
      int stride,
      int b0,
      int width);

  /** db[j] += Σ_b dz[j][b], the bias gradient, into lane-wide accumulators as above. */
  public abstract void rowSumAccumulate(
      float[] dz, int dzOff, int rows, float[] db, int dbOff, int stride, int b0, int width);

  /** out[i] += the sum of weight i's accumulator lanes, in a fixed order; clears the lanes. */
  public final void reduceAccumulators(float[] wide, float[] out) {
    int lanes = accumulatorLanes();
    if (wide.length != out.length * lanes) {
      throw new IllegalArgumentException(
          "accumulators hold " + wide.length + " floats, expected " + out.length * lanes);
    }
    for (int i = 0; i < out.length; i++) {
      out[i] += sumLanes(wide, i * lanes, lanes);
    }
    java.util.Arrays.fill(wide, 0f);
  }

  /** The sum of {@code wide[off .. off + lanes)} by a fixed pairwise tree. */
  private static float sumLanes(float[] wide, int off, int lanes) {
    if (lanes == 1) {
      return wide[off];
    }
    int half = lanes / 2;
    return sumLanes(wide, off, half) + sumLanes(wide, off + half, lanes - half);
  }

  /**
   * LSTM cell forward. On entry {@code gates} holds the pre-activations z (4H rows, gate order i,
   * f, g, o); on exit it holds i=σ(z_i), f=σ(z_f), g=tanh(z_g), o=σ(z_o). Then c = f⊙c_prev + i⊙g
   * and h = o⊙tanh(c) (Hochreiter &amp; Schmidhuber 1997; the form of Andrychowicz et al. 2016).
   * tanh(c) is not kept: {@link #cellBackward} recomputes it from c, which costs less than writing
   * it to memory in the forward pass and reading it back in the backward pass.
   */
  public abstract void cellForward(
      float[] gates,
      int gOff,
      float[] c,
      int cPrevOff,
      int cOff,
      float[] h,
      int hOff,
      int hidden,
      int stride,
      int b0,
      int width);

  /**
   * LSTM cell backward: from dh (H rows) and the cell adjoint carried from the next step {@code dc}
   * (in: ∂L/∂c_t from step t+1; out: ∂L/∂c_{t-1}), writes the pre-activation gradient dz (4H rows):
   * with tc = tanh(c_t) (c_t at {@code cOff}, recomputed with the forward pass's tanh, so the same
   * bits), dc_t = dh⊙o⊙(1−tc²) + dc; dz_i = dc_t⊙g⊙i(1−i); dz_f = dc_t⊙c_prev⊙f(1−f); dz_g =
   * dc_t⊙i⊙(1−g²); dz_o = dh⊙tc⊙o(1−o); dc ← dc_t⊙f. It also adds the bias gradient, the sum of
   * each dz row over the coordinates, to {@code db}: lane-wide accumulators as {@link
   * #rowSumAccumulate} keeps them (gate q of unit j at weight {@code dbOff + q·H + j}), with the
   * same bits, without a second pass over dz.
   */
  public abstract void cellBackward(
      float[] gates,
      int gOff,
      float[] c,
      int cPrevOff,
      int cOff,
      float[] dh,
      int dhOff,
      float[] dc,
      int dcOff,
      float[] dz,
      int dzOff,
      float[] db,
      int dbOff,
      int hidden,
      int stride,
      int b0,
      int width);
}
