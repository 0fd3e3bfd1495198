package io.learnopt.learned;

import io.learnopt.tensor.MatrixView;
import io.learnopt.tensor.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LstmKernels} on the Vector API: every loop runs along the coordinates, {@code LANES}
 * floats at a time, with FMAs. The GEMM keeps a 4-row × 4-vector tile of the output in registers
 * (16 accumulators: enough independent FMAs to cover the FMA latency on two pipes) while it walks
 * the reduction dimension, so each input vector it loads feeds four FMAs and each broadcast weight
 * four more.
 */
public final class VectorLstmKernels extends LstmKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  /** New vector kernels, typed as the base class (see {@link LstmKernels#get()}). */
  static LstmKernels create() {
    return new VectorLstmKernels();
  }

  /** Creates the kernels; the coordinate padding must be a multiple of the vector length. */
  public VectorLstmKernels() {
    if (LANES % V != 0) {
      throw new IllegalStateException("vector length " + V + " does not divide " + LANES);
    }
  }

  /**
   * out[j][b] (+)= Σ_k w[j][k]·in[k][b]. Rows in fours, coordinates in 4, 2 or 1 vectors:
   *
   * <pre>
   *   for each 4 rows j..j+3, 4 vectors of b:  acc[r][v] = out[j+r][b+vV] or 0
   *     for k < cols:                          acc[r][v] += w[j+r][k] · in[k][b+vV]
   *                                            out[j+r][b+vV] = acc[r][v]
   * </pre>
   *
   * Every output is one FMA chain over k in order, whatever its tile: the bits do not depend on the
   * tiling.
   */
  @Override
  public void gemm(
      MatrixView w, int rows, int cols, MatrixView in, MatrixView out, boolean add, int width) {
    int j = 0;
    for (; j + 4 <= rows; j += 4) {
      int b = 0;
      for (; b + 4 * V <= width; b += 4 * V) {
        gemmTile4x4(w, cols, in, out, j, b, add, null);
      }
      for (; b + 2 * V <= width; b += 2 * V) {
        gemmTile4x2(w, cols, in, out, j, b, add);
      }
      for (; b < width; b += V) {
        for (int r = j; r < j + 4; r++) {
          gemmRowVector(w, cols, in, out, r, b, add);
        }
      }
    }
    for (; j < rows; j++) {
      int b = 0;
      for (; b + 4 * V <= width; b += 4 * V) {
        gemmTile1x4(w, cols, in, out, j, b, add);
      }
      for (; b < width; b += V) {
        gemmRowVector(w, cols, in, out, j, b, add);
      }
    }
  }

  /**
   * out[j][b] = bias[j] + Σ_k w[j][k]·in[k][b]: the 4×4 tiles of {@link #gemm} with their
   * accumulators started from the broadcast bias, acc[r][v] = bias[j+r], instead of from a filled
   * output (the same FMAs onto the same start: the bits of the reference's fill-then-accumulate).
   * Shapes that are not whole tiles take the reference's path.
   */
  @Override
  public void gemmBias(
      MatrixView w, int rows, int cols, MatrixView bias, MatrixView in, MatrixView out, int width) {
    if (rows % 4 != 0 || width % (4 * V) != 0) {
      super.gemmBias(w, rows, cols, bias, in, out, width);
      return;
    }
    for (int j = 0; j < rows; j += 4) {
      for (int b = 0; b < width; b += 4 * V) {
        gemmTile4x4(w, cols, in, out, j, b, false, bias);
      }
    }
  }

  /**
   * Rows j..j+3 × 4 vectors from coordinate b of {@link #gemm}: 16 accumulators, started from the
   * output ({@code add}), from bias[j + r] (a non-null {@code bias}, a column) or from zero.
   */
  private static void gemmTile4x4(
      MatrixView w,
      int cols,
      MatrixView in,
      MatrixView out,
      int j,
      int b,
      boolean add,
      MatrixView bias) {
    float[] wa = w.array();
    int w0 = w.index(j, 0);
    int rowLength = w.stride();
    float[] x = in.array();
    int x0 = in.index(0, b);
    int inStride = in.stride();
    float[] o = out.array();
    int o0 = out.index(j, b);
    int o1 = o0 + out.stride();
    int o2 = o1 + out.stride();
    int o3 = o2 + out.stride();
    FloatVector a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;
    if (add) {
      a00 = FloatVector.fromArray(S, o, o0);
      a01 = FloatVector.fromArray(S, o, o0 + V);
      a02 = FloatVector.fromArray(S, o, o0 + 2 * V);
      a03 = FloatVector.fromArray(S, o, o0 + 3 * V);
      a10 = FloatVector.fromArray(S, o, o1);
      a11 = FloatVector.fromArray(S, o, o1 + V);
      a12 = FloatVector.fromArray(S, o, o1 + 2 * V);
      a13 = FloatVector.fromArray(S, o, o1 + 3 * V);
      a20 = FloatVector.fromArray(S, o, o2);
      a21 = FloatVector.fromArray(S, o, o2 + V);
      a22 = FloatVector.fromArray(S, o, o2 + 2 * V);
      a23 = FloatVector.fromArray(S, o, o2 + 3 * V);
      a30 = FloatVector.fromArray(S, o, o3);
      a31 = FloatVector.fromArray(S, o, o3 + V);
      a32 = FloatVector.fromArray(S, o, o3 + 2 * V);
      a33 = FloatVector.fromArray(S, o, o3 + 3 * V);
    } else if (bias != null) {
      float[] bs = bias.array();
      a00 = a01 = a02 = a03 = FloatVector.broadcast(S, bs[bias.index(j, 0)]);
      a10 = a11 = a12 = a13 = FloatVector.broadcast(S, bs[bias.index(j + 1, 0)]);
      a20 = a21 = a22 = a23 = FloatVector.broadcast(S, bs[bias.index(j + 2, 0)]);
      a30 = a31 = a32 = a33 = FloatVector.broadcast(S, bs[bias.index(j + 3, 0)]);
    } else {
      a00 = a01 = a02 = a03 = a10 = a11 = a12 = a13 = FloatVector.zero(S);
      a20 = a21 = a22 = a23 = a30 = a31 = a32 = a33 = a00;
    }
    for (int k = 0; k < cols; k++) {
      int xk = x0 + k * inStride;
      FloatVector x0v = FloatVector.fromArray(S, x, xk);
      FloatVector x1v = FloatVector.fromArray(S, x, xk + V);
      FloatVector x2v = FloatVector.fromArray(S, x, xk + 2 * V);
      FloatVector x3v = FloatVector.fromArray(S, x, xk + 3 * V);
      FloatVector wv = FloatVector.broadcast(S, wa[w0 + k]);
      a00 = x0v.fma(wv, a00);
      a01 = x1v.fma(wv, a01);
      a02 = x2v.fma(wv, a02);
      a03 = x3v.fma(wv, a03);
      wv = FloatVector.broadcast(S, wa[w0 + rowLength + k]);
      a10 = x0v.fma(wv, a10);
      a11 = x1v.fma(wv, a11);
      a12 = x2v.fma(wv, a12);
      a13 = x3v.fma(wv, a13);
      wv = FloatVector.broadcast(S, wa[w0 + 2 * rowLength + k]);
      a20 = x0v.fma(wv, a20);
      a21 = x1v.fma(wv, a21);
      a22 = x2v.fma(wv, a22);
      a23 = x3v.fma(wv, a23);
      wv = FloatVector.broadcast(S, wa[w0 + 3 * rowLength + k]);
      a30 = x0v.fma(wv, a30);
      a31 = x1v.fma(wv, a31);
      a32 = x2v.fma(wv, a32);
      a33 = x3v.fma(wv, a33);
    }
    a00.intoArray(o, o0);
    a01.intoArray(o, o0 + V);
    a02.intoArray(o, o0 + 2 * V);
    a03.intoArray(o, o0 + 3 * V);
    a10.intoArray(o, o1);
    a11.intoArray(o, o1 + V);
    a12.intoArray(o, o1 + 2 * V);
    a13.intoArray(o, o1 + 3 * V);
    a20.intoArray(o, o2);
    a21.intoArray(o, o2 + V);
    a22.intoArray(o, o2 + 2 * V);
    a23.intoArray(o, o2 + 3 * V);
    a30.intoArray(o, o3);
    a31.intoArray(o, o3 + V);
    a32.intoArray(o, o3 + 2 * V);
    a33.intoArray(o, o3 + 3 * V);
  }

  /** Rows j..j+3 × 2 vectors: the 4×4 tile's edge when the width is not a multiple of 4 vectors. */
  private static void gemmTile4x2(
      MatrixView w, int cols, MatrixView in, MatrixView out, int j, int b, boolean add) {
    float[] wa = w.array();
    int w0 = w.index(j, 0);
    int rowLength = w.stride();
    float[] x = in.array();
    int x0 = in.index(0, b);
    int inStride = in.stride();
    float[] o = out.array();
    int o0 = out.index(j, b);
    int os = out.stride();
    FloatVector a00, a01, a10, a11, a20, a21, a30, a31;
    if (add) {
      a00 = FloatVector.fromArray(S, o, o0);
      a01 = FloatVector.fromArray(S, o, o0 + V);
      a10 = FloatVector.fromArray(S, o, o0 + os);
      a11 = FloatVector.fromArray(S, o, o0 + os + V);
      a20 = FloatVector.fromArray(S, o, o0 + 2 * os);
      a21 = FloatVector.fromArray(S, o, o0 + 2 * os + V);
      a30 = FloatVector.fromArray(S, o, o0 + 3 * os);
      a31 = FloatVector.fromArray(S, o, o0 + 3 * os + V);
    } else {
      a00 = a01 = a10 = a11 = a20 = a21 = a30 = a31 = FloatVector.zero(S);
    }
    for (int k = 0; k < cols; k++) {
      int xk = x0 + k * inStride;
      FloatVector x0v = FloatVector.fromArray(S, x, xk);
      FloatVector x1v = FloatVector.fromArray(S, x, xk + V);
      FloatVector w0v = FloatVector.broadcast(S, wa[w0 + k]);
      FloatVector w1v = FloatVector.broadcast(S, wa[w0 + rowLength + k]);
      FloatVector w2v = FloatVector.broadcast(S, wa[w0 + 2 * rowLength + k]);
      FloatVector w3v = FloatVector.broadcast(S, wa[w0 + 3 * rowLength + k]);
      a00 = x0v.fma(w0v, a00);
      a01 = x1v.fma(w0v, a01);
      a10 = x0v.fma(w1v, a10);
      a11 = x1v.fma(w1v, a11);
      a20 = x0v.fma(w2v, a20);
      a21 = x1v.fma(w2v, a21);
      a30 = x0v.fma(w3v, a30);
      a31 = x1v.fma(w3v, a31);
    }
    a00.intoArray(o, o0);
    a01.intoArray(o, o0 + V);
    a10.intoArray(o, o0 + os);
    a11.intoArray(o, o0 + os + V);
    a20.intoArray(o, o0 + 2 * os);
    a21.intoArray(o, o0 + 2 * os + V);
    a30.intoArray(o, o0 + 3 * os);
    a31.intoArray(o, o0 + 3 * os + V);
  }

  /**
   * Row j × 4 vectors: four independent FMA chains where {@link #gemmRowVector} has one (the output
   * layer is a single row, and one chain waits on the FMA latency at every step).
   */
  private static void gemmTile1x4(
      MatrixView w, int cols, MatrixView in, MatrixView out, int j, int b, boolean add) {
    float[] wa = w.array();
    int wRow = w.index(j, 0);
    float[] x = in.array();
    int x0 = in.index(0, b);
    int inStride = in.stride();
    float[] o = out.array();
    int o0 = out.index(j, b);
    FloatVector a0, a1, a2, a3;
    if (add) {
      a0 = FloatVector.fromArray(S, o, o0);
      a1 = FloatVector.fromArray(S, o, o0 + V);
      a2 = FloatVector.fromArray(S, o, o0 + 2 * V);
      a3 = FloatVector.fromArray(S, o, o0 + 3 * V);
    } else {
      a0 = a1 = a2 = a3 = FloatVector.zero(S);
    }
    for (int k = 0; k < cols; k++) {
      int xk = x0 + k * inStride;
      FloatVector wv = FloatVector.broadcast(S, wa[wRow + k]);
      a0 = FloatVector.fromArray(S, x, xk).fma(wv, a0);
      a1 = FloatVector.fromArray(S, x, xk + V).fma(wv, a1);
      a2 = FloatVector.fromArray(S, x, xk + 2 * V).fma(wv, a2);
      a3 = FloatVector.fromArray(S, x, xk + 3 * V).fma(wv, a3);
    }
    a0.intoArray(o, o0);
    a1.intoArray(o, o0 + V);
    a2.intoArray(o, o0 + 2 * V);
    a3.intoArray(o, o0 + 3 * V);
  }

  /** Row j × 1 vector: the last edge, one FMA chain. */
  private static void gemmRowVector(
      MatrixView w, int cols, MatrixView in, MatrixView out, int j, int b, boolean add) {
    float[] wa = w.array();
    int wRow = w.index(j, 0);
    float[] x = in.array();
    int x0 = in.index(0, b);
    int inStride = in.stride();
    float[] o = out.array();
    int o0 = out.index(j, b);
    FloatVector acc = add ? FloatVector.fromArray(S, o, o0) : FloatVector.zero(S);
    for (int k = 0; k < cols; k++) {
      acc =
          FloatVector.fromArray(S, x, x0 + k * inStride)
              .fma(FloatVector.broadcast(S, wa[wRow + k]), acc);
    }
    acc.intoArray(o, o0);
  }

  @Override
  public int accumulatorLanes() {
    return V;
  }

  /**
   * dw[j][k] += Σ_b dz[j][b]·in[k][b] into lane-wide accumulators: lane l of weight (j, k) sums the
   * products of the coordinates b ≡ l (mod V), in order of b.
   *
   * <pre>
   *   for each 4 rows j of dz, 4 (or 2, or 1) rows k of in:  s[r][q] = dw[j+r][k+q] (V lanes)
   *     for b < width, V at a time:                          s[r][q] += dz[j+r][b..] ⊙ in[k+q][b..]
   *                                                          dw[j+r][k+q] = s[r][q]
   * </pre>
   */
  @Override
  public void outerAccumulate(
      MatrixView dz, int rows, MatrixView in, int cols, MatrixView dw, int width) {
    int j = 0;
    for (; j + 4 <= rows; j += 4) {
      int k = 0;
      for (; k + 4 <= cols; k += 4) {
        outerTile4x4(dz, j, in, k, dw, width);
      }
      for (; k + 2 <= cols; k += 2) {
        outerTile4x2(dz, j, in, k, dw, width);
      }
      for (; k < cols; k++) {
        for (int r = j; r < j + 4; r++) {
          dot(dz, r, in, k, dw, width);
        }
      }
    }
    for (; j < rows; j++) {
      int k = 0;
      for (; k + 4 <= cols; k += 4) {
        outerTile1x4(dz, j, in, k, dw, width);
      }
      for (; k < cols; k++) {
        dot(dz, j, in, k, dw, width);
      }
    }
  }

  /**
   * Rows j..j+3 of dz × rows k..k+3 of in: 16 accumulators in registers, 8 loads per 16 FMAs (a 2×4
   * tile needs 6 per 8; the loads, not the FMAs, bound these tiles).
   */
  private static void outerTile4x4(
      MatrixView dz, int j, MatrixView in, int k, MatrixView dw, int width) {
    float[] d = dz.array();
    int z0 = dz.index(j, 0);
    int z1 = z0 + dz.stride();
    int z2 = z1 + dz.stride();
    int z3 = z2 + dz.stride();
    float[] x = in.array();
    int x0 = in.index(k, 0);
    int x1 = x0 + in.stride();
    int x2 = x1 + in.stride();
    int x3 = x2 + in.stride();
    float[] acc = dw.array();
    int r0 = dw.index(j, k) * V;
    int r1 = r0 + dw.stride() * V;
    int r2 = r1 + dw.stride() * V;
    int r3 = r2 + dw.stride() * V;
    FloatVector s00 = FloatVector.fromArray(S, acc, r0);
    FloatVector s01 = FloatVector.fromArray(S, acc, r0 + V);
    FloatVector s02 = FloatVector.fromArray(S, acc, r0 + 2 * V);
    FloatVector s03 = FloatVector.fromArray(S, acc, r0 + 3 * V);
    FloatVector s10 = FloatVector.fromArray(S, acc, r1);
    FloatVector s11 = FloatVector.fromArray(S, acc, r1 + V);
    FloatVector s12 = FloatVector.fromArray(S, acc, r1 + 2 * V);
    FloatVector s13 = FloatVector.fromArray(S, acc, r1 + 3 * V);
    FloatVector s20 = FloatVector.fromArray(S, acc, r2);
    FloatVector s21 = FloatVector.fromArray(S, acc, r2 + V);
    FloatVector s22 = FloatVector.fromArray(S, acc, r2 + 2 * V);
    FloatVector s23 = FloatVector.fromArray(S, acc, r2 + 3 * V);
    FloatVector s30 = FloatVector.fromArray(S, acc, r3);
    FloatVector s31 = FloatVector.fromArray(S, acc, r3 + V);
    FloatVector s32 = FloatVector.fromArray(S, acc, r3 + 2 * V);
    FloatVector s33 = FloatVector.fromArray(S, acc, r3 + 3 * V);
    for (int b = 0; b < width; b += V) {
      FloatVector i0 = FloatVector.fromArray(S, x, x0 + b);
      FloatVector i1 = FloatVector.fromArray(S, x, x1 + b);
      FloatVector i2 = FloatVector.fromArray(S, x, x2 + b);
      FloatVector i3 = FloatVector.fromArray(S, x, x3 + b);
      FloatVector dv = FloatVector.fromArray(S, d, z0 + b);
      s00 = dv.fma(i0, s00);
      s01 = dv.fma(i1, s01);
      s02 = dv.fma(i2, s02);
      s03 = dv.fma(i3, s03);
      dv = FloatVector.fromArray(S, d, z1 + b);
      s10 = dv.fma(i0, s10);
      s11 = dv.fma(i1, s11);
      s12 = dv.fma(i2, s12);
      s13 = dv.fma(i3, s13);
      dv = FloatVector.fromArray(S, d, z2 + b);
      s20 = dv.fma(i0, s20);
      s21 = dv.fma(i1, s21);
      s22 = dv.fma(i2, s22);
      s23 = dv.fma(i3, s23);
      dv = FloatVector.fromArray(S, d, z3 + b);
      s30 = dv.fma(i0, s30);
      s31 = dv.fma(i1, s31);
      s32 = dv.fma(i2, s32);
      s33 = dv.fma(i3, s33);
    }
    s00.intoArray(acc, r0);
    s01.intoArray(acc, r0 + V);
    s02.intoArray(acc, r0 + 2 * V);
    s03.intoArray(acc, r0 + 3 * V);
    s10.intoArray(acc, r1);
    s11.intoArray(acc, r1 + V);
    s12.intoArray(acc, r1 + 2 * V);
    s13.intoArray(acc, r1 + 3 * V);
    s20.intoArray(acc, r2);
    s21.intoArray(acc, r2 + V);
    s22.intoArray(acc, r2 + 2 * V);
    s23.intoArray(acc, r2 + 3 * V);
    s30.intoArray(acc, r3);
    s31.intoArray(acc, r3 + V);
    s32.intoArray(acc, r3 + 2 * V);
    s33.intoArray(acc, r3 + 3 * V);
  }

  /**
   * Rows j..j+3 of dz × rows k, k+1 of in: the 4×4 tile's edge when the columns are not a multiple
   * of 4 (layer 0 has 22), 6 loads per 8 FMAs on eight chains where {@link #dot} has one.
   */
  private static void outerTile4x2(
      MatrixView dz, int j, MatrixView in, int k, MatrixView dw, int width) {
    float[] d = dz.array();
    int z0 = dz.index(j, 0);
    int zs = dz.stride();
    float[] x = in.array();
    int x0 = in.index(k, 0);
    int x1 = x0 + in.stride();
    float[] acc = dw.array();
    int r0 = dw.index(j, k) * V;
    int r1 = r0 + dw.stride() * V;
    int r2 = r1 + dw.stride() * V;
    int r3 = r2 + dw.stride() * V;
    FloatVector s00 = FloatVector.fromArray(S, acc, r0);
    FloatVector s01 = FloatVector.fromArray(S, acc, r0 + V);
    FloatVector s10 = FloatVector.fromArray(S, acc, r1);
    FloatVector s11 = FloatVector.fromArray(S, acc, r1 + V);
    FloatVector s20 = FloatVector.fromArray(S, acc, r2);
    FloatVector s21 = FloatVector.fromArray(S, acc, r2 + V);
    FloatVector s30 = FloatVector.fromArray(S, acc, r3);
    FloatVector s31 = FloatVector.fromArray(S, acc, r3 + V);
    for (int b = 0; b < width; b += V) {
      FloatVector i0 = FloatVector.fromArray(S, x, x0 + b);
      FloatVector i1 = FloatVector.fromArray(S, x, x1 + b);
      FloatVector dv = FloatVector.fromArray(S, d, z0 + b);
      s00 = dv.fma(i0, s00);
      s01 = dv.fma(i1, s01);
      dv = FloatVector.fromArray(S, d, z0 + zs + b);
      s10 = dv.fma(i0, s10);
      s11 = dv.fma(i1, s11);
      dv = FloatVector.fromArray(S, d, z0 + 2 * zs + b);
      s20 = dv.fma(i0, s20);
      s21 = dv.fma(i1, s21);
      dv = FloatVector.fromArray(S, d, z0 + 3 * zs + b);
      s30 = dv.fma(i0, s30);
      s31 = dv.fma(i1, s31);
    }
    s00.intoArray(acc, r0);
    s01.intoArray(acc, r0 + V);
    s10.intoArray(acc, r1);
    s11.intoArray(acc, r1 + V);
    s20.intoArray(acc, r2);
    s21.intoArray(acc, r2 + V);
    s30.intoArray(acc, r3);
    s31.intoArray(acc, r3 + V);
  }

  /**
   * Row j of dz × rows k..k+3 of in (the output layer's single row): four chains where {@link #dot}
   * has one. Weights k..k+3 of a row are neighbours, so their accumulators are too.
   */
  private static void outerTile1x4(
      MatrixView dz, int j, MatrixView in, int k, MatrixView dw, int width) {
    float[] d = dz.array();
    int z = dz.index(j, 0);
    float[] x = in.array();
    int x0 = in.index(k, 0);
    int x1 = x0 + in.stride();
    int x2 = x1 + in.stride();
    int x3 = x2 + in.stride();
    float[] acc = dw.array();
    int r0 = dw.index(j, k) * V;
    FloatVector s0 = FloatVector.fromArray(S, acc, r0);
    FloatVector s1 = FloatVector.fromArray(S, acc, r0 + V);
    FloatVector s2 = FloatVector.fromArray(S, acc, r0 + 2 * V);
    FloatVector s3 = FloatVector.fromArray(S, acc, r0 + 3 * V);
    for (int b = 0; b < width; b += V) {
      FloatVector dv = FloatVector.fromArray(S, d, z + b);
      s0 = dv.fma(FloatVector.fromArray(S, x, x0 + b), s0);
      s1 = dv.fma(FloatVector.fromArray(S, x, x1 + b), s1);
      s2 = dv.fma(FloatVector.fromArray(S, x, x2 + b), s2);
      s3 = dv.fma(FloatVector.fromArray(S, x, x3 + b), s3);
    }
    s0.intoArray(acc, r0);
    s1.intoArray(acc, r0 + V);
    s2.intoArray(acc, r0 + 2 * V);
    s3.intoArray(acc, r0 + 3 * V);
  }

  /**
   * Row j of dz × row k of in, one chain: the accumulator of weight (j, k) += dz[j][b] ⊙ in[k][b].
   */
  private static void dot(MatrixView dz, int j, MatrixView in, int k, MatrixView dw, int width) {
    float[] d = dz.array();
    int z = dz.index(j, 0);
    float[] x = in.array();
    int xk = in.index(k, 0);
    float[] acc = dw.array();
    int r = dw.index(j, k) * V;
    FloatVector s = FloatVector.fromArray(S, acc, r);
    for (int b = 0; b < width; b += V) {
      s = FloatVector.fromArray(S, d, z + b).fma(FloatVector.fromArray(S, x, xk + b), s);
    }
    s.intoArray(acc, r);
  }

  /**
   * db[j] += Σ_b dz[j][b] into lane-wide accumulators: lane l sums the coordinates b ≡ l (mod V).
   */
  @Override
  public void rowSumAccumulate(MatrixView dz, int rows, MatrixView db, int width) {
    float[] d = dz.array();
    float[] sums = db.array();
    for (int j = 0; j < rows; j++) {
      int acc = db.index(j, 0) * V;
      FloatVector s = FloatVector.fromArray(S, sums, acc);
      int row = dz.index(j, 0);
      for (int b = 0; b < width; b += V) {
        s = s.add(FloatVector.fromArray(S, d, row + b));
      }
      s.intoArray(sums, acc);
    }
  }

  /**
   * LSTM cell forward, one unit j at a time, V coordinates at a time:
   *
   * <pre>
   *   z_i, z_f, z_o ← σ(z)  (in place)          VectorMath.sigmoid: ½·tanh(z/2) + ½
   *   z_g ← tanh(z_g)       (in place)          VectorMath.tanh
   *   c   = f ⊙ c_prev + i ⊙ g                  one FMA: fma(f, c_prev, i·g)
   *   h   = o ⊙ tanh(c)                         tanh(c) into h, then h ← o ⊙ h
   * </pre>
   */
  @Override
  public void cellForward(LstmCell cell, MatrixView h, int width) {
    MatrixView gates = cell.gates();
    MatrixView cPrev = cell.cPrev();
    MatrixView c = cell.c();
    int hidden = cell.hidden();
    float[] z = gates.array();
    // Activations through VectorMath's array loops: no vector crosses a call that C2 may leave
    // out-of-line (it would be boxed on the heap).
    for (int j = 0; j < hidden; j++) {
      int zi = gates.index(j, 0);
      int zf = gates.index(hidden + j, 0);
      int zg = gates.index(2 * hidden + j, 0);
      int zo = gates.index(3 * hidden + j, 0);
      VectorMath.sigmoid(z, zi, z, zi, width);
      VectorMath.sigmoid(z, zf, z, zf, width);
      VectorMath.tanh(z, zg, z, zg, width);
      VectorMath.sigmoid(z, zo, z, zo, width);
    }
    float[] cp = cPrev.array();
    float[] cs = c.array();
    float[] hs = h.array();
    for (int j = 0; j < hidden; j++) {
      int zi = gates.index(j, 0);
      int zf = gates.index(hidden + j, 0);
      int zg = gates.index(2 * hidden + j, 0);
      int zo = gates.index(3 * hidden + j, 0);
      int cpRow = cPrev.index(j, 0);
      int cRow = c.index(j, 0);
      int hRow = h.index(j, 0);
      // c = f ⊙ c_prev + i ⊙ g
      for (int b = 0; b < width; b += V) {
        FloatVector i = FloatVector.fromArray(S, z, zi + b);
        FloatVector g = FloatVector.fromArray(S, z, zg + b);
        FloatVector.fromArray(S, z, zf + b)
            .fma(FloatVector.fromArray(S, cp, cpRow + b), i.mul(g))
            .intoArray(cs, cRow + b);
      }
      // h = o ⊙ tanh(c): tanh(c) goes into h, which o then scales in place.
      VectorMath.tanh(cs, cRow, hs, hRow, width);
      for (int b = 0; b < width; b += V) {
        FloatVector.fromArray(S, z, zo + b)
            .mul(FloatVector.fromArray(S, hs, hRow + b))
            .intoArray(hs, hRow + b);
      }
    }
  }

  /**
   * LSTM cell backward, one unit j at a time, V coordinates at a time, each line the term of the
   * derivative it computes (c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t)):
   *
   * <pre>
   *   tc   = tanh(c_t)                        into dz_o's row, read back before dz_o is written
   *   dc_t = dh ⊙ o ⊙ (1 − tc²) + dc          ∂L/∂c_t: through h_t, plus the carry from t+1
   *   dz_i = dc_t ⊙ g ⊙ (i(1 − i))            ∂c_t/∂i = g, σ'(z_i) = i(1 − i)
   *   dz_f = dc_t ⊙ c_{t−1} ⊙ (f(1 − f))      ∂c_t/∂f = c_{t−1}
   *   dz_g = dc_t ⊙ i ⊙ (1 − g²)              ∂c_t/∂g = i, tanh'(z_g) = 1 − g²
   *   dz_o = dh ⊙ tc ⊙ (o(1 − o))             ∂h_t/∂o = tanh(c_t)
   *   db_q += dz_q                            the bias gradients, summed as the dz are made
   *   dc   ← dc_t ⊙ f                         ∂L/∂c_{t−1} = ∂L/∂c_t · ∂c_t/∂c_{t−1}
   * </pre>
   */
  @Override
  public void cellBackward(
      LstmCell cell, MatrixView dh, MatrixView dc, MatrixView dz, MatrixView db, int width) {
    MatrixView gates = cell.gates();
    MatrixView c = cell.c();
    MatrixView cPrev = cell.cPrev();
    int hidden = cell.hidden();
    float[] sums = db.array();
    float[] a = gates.array();
    float[] d = dz.array();
    float[] dhs = dh.array();
    float[] dcs = dc.array();
    float[] cp = cPrev.array();
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int j = 0; j < hidden; j++) {
      int gi = gates.index(j, 0);
      int gf = gates.index(hidden + j, 0);
      int gg = gates.index(2 * hidden + j, 0);
      int go = gates.index(3 * hidden + j, 0);
      int zi = dz.index(j, 0);
      int zf = dz.index(hidden + j, 0);
      int zg = dz.index(2 * hidden + j, 0);
      int zo = dz.index(3 * hidden + j, 0);
      int dhRow = dh.index(j, 0);
      int dcRow = dc.index(j, 0);
      int cpRow = cPrev.index(j, 0);
      // tc = tanh(c_t), into this row's dz_o, which each lane reads before it writes dz_o there.
      VectorMath.tanh(c.array(), c.index(j, 0), d, zo, width);
      // The bias gradients of unit j's four gates, summed as the dz are made (rowSumAccumulate's
      // order, so its bits) instead of in a second pass over dz.
      int di = db.index(j, 0) * V;
      int df = db.index(hidden + j, 0) * V;
      int dg = db.index(2 * hidden + j, 0) * V;
      int dq = db.index(3 * hidden + j, 0) * V;
      FloatVector si = FloatVector.fromArray(S, sums, di);
      FloatVector sf = FloatVector.fromArray(S, sums, df);
      FloatVector sg = FloatVector.fromArray(S, sums, dg);
      FloatVector so = FloatVector.fromArray(S, sums, dq);
      for (int b = 0; b < width; b += V) {
        FloatVector i = FloatVector.fromArray(S, a, gi + b);
        FloatVector f = FloatVector.fromArray(S, a, gf + b);
        FloatVector g = FloatVector.fromArray(S, a, gg + b);
        FloatVector o = FloatVector.fromArray(S, a, go + b);
        FloatVector t = FloatVector.fromArray(S, d, zo + b);
        FloatVector dhv = FloatVector.fromArray(S, dhs, dhRow + b);
        // dc_t = dh ⊙ o ⊙ (1 − tc²) + dc
        FloatVector dcv =
            dhv.mul(o).mul(one.sub(t.mul(t))).add(FloatVector.fromArray(S, dcs, dcRow + b));
        // dz_i = dc_t ⊙ g ⊙ i(1 − i)
        FloatVector zI = dcv.mul(g).mul(i.mul(one.sub(i)));
        // dz_f = dc_t ⊙ c_{t−1} ⊙ f(1 − f)
        FloatVector zF = dcv.mul(FloatVector.fromArray(S, cp, cpRow + b)).mul(f.mul(one.sub(f)));
        // dz_g = dc_t ⊙ i ⊙ (1 − g²)
        FloatVector zG = dcv.mul(i).mul(one.sub(g.mul(g)));
        // dz_o = dh ⊙ tc ⊙ o(1 − o)
        FloatVector zO = dhv.mul(t).mul(o.mul(one.sub(o)));
        zI.intoArray(d, zi + b);
        zF.intoArray(d, zf + b);
        zG.intoArray(d, zg + b);
        zO.intoArray(d, zo + b);
        // db_q += dz_q
        si = si.add(zI);
        sf = sf.add(zF);
        sg = sg.add(zG);
        so = so.add(zO);
        // dc ← dc_t ⊙ f
        dcv.mul(f).intoArray(dcs, dcRow + b);
      }
      si.intoArray(sums, di);
      sf.intoArray(sums, df);
      sg.intoArray(sums, dg);
      so.intoArray(sums, dq);
    }
  }
}
