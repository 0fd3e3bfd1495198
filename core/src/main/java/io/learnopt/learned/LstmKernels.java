package io.learnopt.learned;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.MatrixView;

/**
 * The primitives of the coordinatewise LSTM, over a block of {@code width} coordinates.
 *
 * <p>Layout (structure of arrays): every operand is a {@link MatrixView}. Per-coordinate data is
 * feature-major, row r of the block's coordinate b at {@code view.index(r, b)} (the view starts at
 * the block's first coordinate), so each kernel is a loop over contiguous coordinates and the gate
 * arithmetic vectorizes along them. Weights are row-major, w[j][k] at {@code w.index(j, k)}.
 * Callers pad the coordinate count to a multiple of {@link #LANES}, so no kernel needs a tail loop.
 *
 * <p>Two implementations: {@link VectorLstmKernels} (the Vector API) and {@link ScalarLstmKernels}
 * (plain loops, the reference the tests compare against). {@link Kernels#vector()} decides which
 * runs: the vector ones when the JVM has {@code jdk.incubator.vector}, the scalar ones without it
 * or with {@code -Dlearnopt.kernels=scalar}.
 */
public abstract sealed class LstmKernels permits VectorLstmKernels, ScalarLstmKernels {

  /** Coordinate counts are padded to a multiple of this (the widest float vector, 512 bits). */
  public static final int LANES = 16;

  /** The kernels this JVM uses. */
  public static LstmKernels get() {
    return Default.KERNELS;
  }

  // A holder class: creating a subclass inside LstmKernels' own static initializer would run the
  // subclass constructor before the subclass's static fields are set. VectorLstmKernels is reached
  // only through a static call typed LstmKernels, so the verifier never loads it on the scalar
  // path.
  private static final class Default {
    static final LstmKernels KERNELS =
        Kernels.vector() ? VectorLstmKernels.create() : new ScalarLstmKernels();
  }

  /** {@code n} rounded up to a multiple of {@link #LANES}. */
  public static int padded(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  /**
   * out[j][b] (+)= Σ_k w[j][k]·in[k][b] for j &lt; rows, k &lt; cols, b &lt; width, added to out if
   * {@code add}, else stored: a small GEMM whose input and output rows run along the coordinates.
   * {@code w} may be a column range of a wider weight matrix (its stride is the full row length): a
   * layer whose input rows live in two buffers runs its product as two calls, one per column range,
   * with the FMAs of each output in the order of one call over all columns.
   */
  public abstract void gemm(
      MatrixView w, int rows, int cols, MatrixView in, MatrixView out, boolean add, int width);

  /**
   * out[j][b] = bias[j] + Σ_k w[j][k]·in[k][b], with bias[j] at {@code bias.index(j, 0)} (a
   * column): {@link #gemm} onto a broadcast bias, the LSTM's pre-activations. This reference fills
   * the bias rows and accumulates; the vector kernels start their register tiles from the bias
   * instead, which saves a pass over the output and gives the same bits (the same FMAs onto the
   * same starting value).
   */
  public void gemmBias(
      MatrixView w, int rows, int cols, MatrixView bias, MatrixView in, MatrixView out, int width) {
    for (int j = 0; j < rows; j++) {
      int row = out.index(j, 0);
      java.util.Arrays.fill(out.array(), row, row + width, bias.array()[bias.index(j, 0)]);
    }
    gemm(w, rows, cols, in, out, true, width);
  }

  /**
   * Floats per weight in the lane-wide accumulators of {@link #outerAccumulate} and {@link
   * #rowSumAccumulate}: the vector length for the vector kernels, 1 for the scalar ones.
   */
  public abstract int accumulatorLanes();

  /**
   * dw[j][k] += Σ_b dz[j][b]·in[k][b] for b &lt; width, the weight gradient of {@link #gemm}, into
   * lane-wide accumulators: weight (j, k)'s partial sums live at {@code dw.array()[i·L .. i·L + L)}
   * with L = {@link #accumulatorLanes()} and {@code i = dw.index(j, k)} (so {@code dw} may be a
   * column range of a wider matrix, as for {@link #gemm}). Summing the lanes only once, at the end
   * of a whole backward pass ({@link #reduceAccumulators}), instead of per block and step saves a
   * horizontal reduction per weight per block and step.
   */
  public abstract void outerAccumulate(
      MatrixView dz, int rows, MatrixView in, int cols, MatrixView dw, int width);

  /**
   * db[j] += Σ_b dz[j][b], the bias gradient, into lane-wide accumulators as above, bias j's at
   * {@code db.index(j, 0)·L} ({@code db} a column).
   */
  public abstract void rowSumAccumulate(MatrixView dz, int rows, MatrixView db, int width);

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
   * LSTM cell forward over the cell's H units. On entry {@code cell.gates()} holds the
   * pre-activations z (4H rows, gate order i, f, g, o); on exit it holds
   *
   * <pre>
   *   i = σ(z_i),  f = σ(z_f),  g = tanh(z_g),  o = σ(z_o)
   *   c = f⊙c_prev + i⊙g
   *   h = o⊙tanh(c)
   * </pre>
   *
   * (Hochreiter &amp; Schmidhuber 1997; the form of Andrychowicz et al. 2016), reading c_prev from
   * {@code cell.cPrev()}, writing c into {@code cell.c()} and h into {@code h}. tanh(c) is not
   * kept: {@link #cellBackward} recomputes it from c, which costs less than writing it to memory in
   * the forward pass and reading it back in the backward pass.
   */
  public abstract void cellForward(LstmCell cell, MatrixView h, int width);

  /**
   * LSTM cell backward over the cell's H units: from ∂L/∂h_t ({@code dh}) and the cell adjoint
   * carried from the next step ({@code dc}: in ∂L/∂c_t from step t+1, out ∂L/∂c_{t−1}), with the
   * activated gates and c_t, c_{t−1} of the forward pass, writes the pre-activation gradient dz (4H
   * rows):
   *
   * <pre>
   *   tc    = tanh(c_t)                       recomputed with the forward pass's tanh: same bits
   *   dc_t  = dh⊙o⊙(1 − tc²) + dc             ∂L/∂c_t through h_t = o⊙tanh(c_t), plus the carry
   *   dz_i  = dc_t⊙g⊙i(1 − i)                 c_t = f⊙c_{t−1} + i⊙g, σ' = σ(1 − σ)
   *   dz_f  = dc_t⊙c_{t−1}⊙f(1 − f)
   *   dz_g  = dc_t⊙i⊙(1 − g²)                 tanh' = 1 − tanh²
   *   dz_o  = dh⊙tc⊙o(1 − o)
   *   dc    ← dc_t⊙f                          ∂L/∂c_{t−1}
   * </pre>
   *
   * It also adds the bias gradient, the sum of each dz row over the coordinates, to {@code db}:
   * lane-wide accumulators as {@link #rowSumAccumulate} keeps them (gate q of unit j at row q·H + j
   * of {@code db}), with the same bits, without a second pass over dz.
   */
  public abstract void cellBackward(
      LstmCell cell, MatrixView dh, MatrixView dc, MatrixView dz, MatrixView db, int width);
}
