package io.learnopt.learned;

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

  /** Creates the kernels; the coordinate padding must be a multiple of the vector length. */
  public VectorLstmKernels() {
    if (LANES % V != 0) {
      throw new IllegalStateException("vector length " + V + " does not divide " + LANES);
    }
  }

  @Override
  public void gemm(
      float[] w,
      int wOff,
      int rows,
      int cols,
      int rowLength,
      float[] in,
      int inOff,
      float[] out,
      int outOff,
      boolean accumulate,
      int stride,
      int b0,
      int width) {
    int end = b0 + width;
    int j = 0;
    for (; j + 4 <= rows; j += 4) {
      int w0 = wOff + j * rowLength;
      int o0 = outOff + j * stride;
      int b = b0;
      for (; b + 4 * V <= end; b += 4 * V) {
        gemmTile4x4(w, w0, cols, rowLength, in, inOff, out, o0, accumulate, stride, b, null, 0);
      }
      for (; b + 2 * V <= end; b += 2 * V) {
        gemmTile4x2(w, w0, cols, rowLength, in, inOff, out, o0, accumulate, stride, b);
      }
      for (; b < end; b += V) {
        for (int r = 0; r < 4; r++) {
          gemmRowVector(
              w, w0 + r * rowLength, cols, in, inOff, out, o0 + r * stride, accumulate, stride, b);
        }
      }
    }
    for (; j < rows; j++) {
      int wRow = wOff + j * rowLength;
      int o = outOff + j * stride;
      int b = b0;
      for (; b + 4 * V <= end; b += 4 * V) {
        gemmTile1x4(w, wRow, cols, in, inOff, out, o, accumulate, stride, b);
      }
      for (; b < end; b += V) {
        gemmRowVector(w, wRow, cols, in, inOff, out, o, accumulate, stride, b);
      }
    }
  }

  @Override
  public void gemmBias(
      float[] w,
      int wOff,
      int rows,
      int cols,
      int rowLength,
      float[] bias,
      int biasOff,
      float[] in,
      int inOff,
      float[] out,
      int outOff,
      int stride,
      int b0,
      int width) {
    if (rows % 4 != 0 || width % (4 * V) != 0) {
      super.gemmBias(
          w, wOff, rows, cols, rowLength, bias, biasOff, in, inOff, out, outOff, stride, b0, width);
      return;
    }
    for (int j = 0; j < rows; j += 4) {
      for (int b = b0; b < b0 + width; b += 4 * V) {
        gemmTile4x4(
            w,
            wOff + j * rowLength,
            cols,
            rowLength,
            in,
            inOff,
            out,
            outOff + j * stride,
            false,
            stride,
            b,
            bias,
            biasOff + j);
      }
    }
  }

  /**
   * The 4-row × 4-vector tile of {@link #gemm} at rows from {@code o0}, coordinates from {@code b};
   * weight row r+1 starts {@code rowLength} weights after row r. Accumulators start from the output
   * ({@code accumulate}), from {@code bias[bias0 + r]} (a non-null {@code bias}) or from zero.
   */
  private static void gemmTile4x4(
      float[] w,
      int w0,
      int cols,
      int rowLength,
      float[] in,
      int inOff,
      float[] out,
      int o0,
      boolean accumulate,
      int stride,
      int b,
      float[] bias,
      int bias0) {
    int o1 = o0 + stride;
    int o2 = o1 + stride;
    int o3 = o2 + stride;
    FloatVector a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;
    if (accumulate) {
      a00 = FloatVector.fromArray(S, out, o0 + b);
      a01 = FloatVector.fromArray(S, out, o0 + b + V);
      a02 = FloatVector.fromArray(S, out, o0 + b + 2 * V);
      a03 = FloatVector.fromArray(S, out, o0 + b + 3 * V);
      a10 = FloatVector.fromArray(S, out, o1 + b);
      a11 = FloatVector.fromArray(S, out, o1 + b + V);
      a12 = FloatVector.fromArray(S, out, o1 + b + 2 * V);
      a13 = FloatVector.fromArray(S, out, o1 + b + 3 * V);
      a20 = FloatVector.fromArray(S, out, o2 + b);
      a21 = FloatVector.fromArray(S, out, o2 + b + V);
      a22 = FloatVector.fromArray(S, out, o2 + b + 2 * V);
      a23 = FloatVector.fromArray(S, out, o2 + b + 3 * V);
      a30 = FloatVector.fromArray(S, out, o3 + b);
      a31 = FloatVector.fromArray(S, out, o3 + b + V);
      a32 = FloatVector.fromArray(S, out, o3 + b + 2 * V);
      a33 = FloatVector.fromArray(S, out, o3 + b + 3 * V);
    } else if (bias != null) {
      a00 = a01 = a02 = a03 = FloatVector.broadcast(S, bias[bias0]);
      a10 = a11 = a12 = a13 = FloatVector.broadcast(S, bias[bias0 + 1]);
      a20 = a21 = a22 = a23 = FloatVector.broadcast(S, bias[bias0 + 2]);
      a30 = a31 = a32 = a33 = FloatVector.broadcast(S, bias[bias0 + 3]);
    } else {
      a00 = a01 = a02 = a03 = a10 = a11 = a12 = a13 = FloatVector.zero(S);
      a20 = a21 = a22 = a23 = a30 = a31 = a32 = a33 = a00;
    }
    for (int k = 0; k < cols; k++) {
      int x = inOff + k * stride + b;
      FloatVector x0 = FloatVector.fromArray(S, in, x);
      FloatVector x1 = FloatVector.fromArray(S, in, x + V);
      FloatVector x2 = FloatVector.fromArray(S, in, x + 2 * V);
      FloatVector x3 = FloatVector.fromArray(S, in, x + 3 * V);
      FloatVector wv = FloatVector.broadcast(S, w[w0 + k]);
      a00 = x0.fma(wv, a00);
      a01 = x1.fma(wv, a01);
      a02 = x2.fma(wv, a02);
      a03 = x3.fma(wv, a03);
      wv = FloatVector.broadcast(S, w[w0 + rowLength + k]);
      a10 = x0.fma(wv, a10);
      a11 = x1.fma(wv, a11);
      a12 = x2.fma(wv, a12);
      a13 = x3.fma(wv, a13);
      wv = FloatVector.broadcast(S, w[w0 + 2 * rowLength + k]);
      a20 = x0.fma(wv, a20);
      a21 = x1.fma(wv, a21);
      a22 = x2.fma(wv, a22);
      a23 = x3.fma(wv, a23);
      wv = FloatVector.broadcast(S, w[w0 + 3 * rowLength + k]);
      a30 = x0.fma(wv, a30);
      a31 = x1.fma(wv, a31);
      a32 = x2.fma(wv, a32);
      a33 = x3.fma(wv, a33);
    }
    a00.intoArray(out, o0 + b);
    a01.intoArray(out, o0 + b + V);
    a02.intoArray(out, o0 + b + 2 * V);
    a03.intoArray(out, o0 + b + 3 * V);
    a10.intoArray(out, o1 + b);
    a11.intoArray(out, o1 + b + V);
    a12.intoArray(out, o1 + b + 2 * V);
    a13.intoArray(out, o1 + b + 3 * V);
    a20.intoArray(out, o2 + b);
    a21.intoArray(out, o2 + b + V);
    a22.intoArray(out, o2 + b + 2 * V);
    a23.intoArray(out, o2 + b + 3 * V);
    a30.intoArray(out, o3 + b);
    a31.intoArray(out, o3 + b + V);
    a32.intoArray(out, o3 + b + 2 * V);
    a33.intoArray(out, o3 + b + 3 * V);
  }

  private static void gemmTile4x2(
      float[] w,
      int w0,
      int cols,
      int rowLength,
      float[] in,
      int inOff,
      float[] out,
      int o0,
      boolean accumulate,
      int stride,
      int b) {
    FloatVector a00, a01, a10, a11, a20, a21, a30, a31;
    if (accumulate) {
      a00 = FloatVector.fromArray(S, out, o0 + b);
      a01 = FloatVector.fromArray(S, out, o0 + b + V);
      a10 = FloatVector.fromArray(S, out, o0 + stride + b);
      a11 = FloatVector.fromArray(S, out, o0 + stride + b + V);
      a20 = FloatVector.fromArray(S, out, o0 + 2 * stride + b);
      a21 = FloatVector.fromArray(S, out, o0 + 2 * stride + b + V);
      a30 = FloatVector.fromArray(S, out, o0 + 3 * stride + b);
      a31 = FloatVector.fromArray(S, out, o0 + 3 * stride + b + V);
    } else {
      a00 = a01 = a10 = a11 = a20 = a21 = a30 = a31 = FloatVector.zero(S);
    }
    for (int k = 0; k < cols; k++) {
      int x = inOff + k * stride + b;
      FloatVector x0 = FloatVector.fromArray(S, in, x);
      FloatVector x1 = FloatVector.fromArray(S, in, x + V);
      FloatVector w0v = FloatVector.broadcast(S, w[w0 + k]);
      FloatVector w1v = FloatVector.broadcast(S, w[w0 + rowLength + k]);
      FloatVector w2v = FloatVector.broadcast(S, w[w0 + 2 * rowLength + k]);
      FloatVector w3v = FloatVector.broadcast(S, w[w0 + 3 * rowLength + k]);
      a00 = x0.fma(w0v, a00);
      a01 = x1.fma(w0v, a01);
      a10 = x0.fma(w1v, a10);
      a11 = x1.fma(w1v, a11);
      a20 = x0.fma(w2v, a20);
      a21 = x1.fma(w2v, a21);
      a30 = x0.fma(w3v, a30);
      a31 = x1.fma(w3v, a31);
    }
    a00.intoArray(out, o0 + b);
    a01.intoArray(out, o0 + b + V);
    a10.intoArray(out, o0 + stride + b);
    a11.intoArray(out, o0 + stride + b + V);
    a20.intoArray(out, o0 + 2 * stride + b);
    a21.intoArray(out, o0 + 2 * stride + b + V);
    a30.intoArray(out, o0 + 3 * stride + b);
    a31.intoArray(out, o0 + 3 * stride + b + V);
  }

  /**
   * One output row × 4 vectors: four independent FMA chains where {@link #gemmRowVector} has one
   * (the output layer is a single row, and one chain waits on the FMA latency at every step).
   */
  private static void gemmTile1x4(
      float[] w,
      int wRow,
      int cols,
      float[] in,
      int inOff,
      float[] out,
      int o,
      boolean accumulate,
      int stride,
      int b) {
    FloatVector a0, a1, a2, a3;
    if (accumulate) {
      a0 = FloatVector.fromArray(S, out, o + b);
      a1 = FloatVector.fromArray(S, out, o + b + V);
      a2 = FloatVector.fromArray(S, out, o + b + 2 * V);
      a3 = FloatVector.fromArray(S, out, o + b + 3 * V);
    } else {
      a0 = a1 = a2 = a3 = FloatVector.zero(S);
    }
    for (int k = 0; k < cols; k++) {
      int x = inOff + k * stride + b;
      FloatVector wv = FloatVector.broadcast(S, w[wRow + k]);
      a0 = FloatVector.fromArray(S, in, x).fma(wv, a0);
      a1 = FloatVector.fromArray(S, in, x + V).fma(wv, a1);
      a2 = FloatVector.fromArray(S, in, x + 2 * V).fma(wv, a2);
      a3 = FloatVector.fromArray(S, in, x + 3 * V).fma(wv, a3);
    }
    a0.intoArray(out, o + b);
    a1.intoArray(out, o + b + V);
    a2.intoArray(out, o + b + 2 * V);
    a3.intoArray(out, o + b + 3 * V);
  }

  private static void gemmRowVector(
      float[] w,
      int wRow,
      int cols,
      float[] in,
      int inOff,
      float[] out,
      int o,
      boolean accumulate,
      int stride,
      int b) {
    FloatVector acc = accumulate ? FloatVector.fromArray(S, out, o + b) : FloatVector.zero(S);
    for (int k = 0; k < cols; k++) {
      acc =
          FloatVector.fromArray(S, in, inOff + k * stride + b)
              .fma(FloatVector.broadcast(S, w[wRow + k]), acc);
    }
    acc.intoArray(out, o + b);
  }

  @Override
  public int accumulatorLanes() {
    return V;
  }

  @Override
  public void outerAccumulate(
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
      int width) {
    int end = b0 + width;
    int j = 0;
    for (; j + 4 <= rows; j += 4) {
      int z0 = dzOff + j * stride;
      int k = 0;
      for (; k + 4 <= cols; k += 4) {
        outerTile4x4(
            dz,
            z0,
            in,
            inOff + k * stride,
            dw,
            (dwOff + j * dwRowLength + k) * V,
            dwRowLength,
            stride,
            b0,
            end);
      }
      for (; k + 2 <= cols; k += 2) {
        outerTile4x2(
            dz,
            z0,
            in,
            inOff + k * stride,
            dw,
            (dwOff + j * dwRowLength + k) * V,
            dwRowLength,
            stride,
            b0,
            end);
      }
      for (; k < cols; k++) {
        for (int r = 0; r < 4; r++) {
          dot(
              dz,
              z0 + r * stride,
              in,
              inOff + k * stride,
              b0,
              end,
              dw,
              (dwOff + (j + r) * dwRowLength + k) * V);
        }
      }
    }
    for (; j < rows; j++) {
      int k = 0;
      for (; k + 4 <= cols; k += 4) {
        outerTile1x4(
            dz,
            dzOff + j * stride,
            in,
            inOff + k * stride,
            dw,
            (dwOff + j * dwRowLength + k) * V,
            stride,
            b0,
            end);
      }
      for (; k < cols; k++) {
        dot(
            dz,
            dzOff + j * stride,
            in,
            inOff + k * stride,
            b0,
            end,
            dw,
            (dwOff + j * dwRowLength + k) * V);
      }
    }
  }

  /**
   * Rows j..j+3 of dz × rows k..k+3 of in: 16 accumulators in registers, 8 loads per 16 FMAs (a 2×4
   * tile needed 6 per 8, and the loads, not the FMAs, set its pace). {@code r0} is the accumulator
   * of (j, k); weight row j+1 starts {@code rowLength} weights later.
   */
  private static void outerTile4x4(
      float[] dz,
      int z0,
      float[] in,
      int x0,
      float[] dw,
      int r0,
      int rowLength,
      int stride,
      int b0,
      int end) {
    int r1 = r0 + rowLength * V;
    int r2 = r1 + rowLength * V;
    int r3 = r2 + rowLength * V;
    FloatVector s00 = FloatVector.fromArray(S, dw, r0);
    FloatVector s01 = FloatVector.fromArray(S, dw, r0 + V);
    FloatVector s02 = FloatVector.fromArray(S, dw, r0 + 2 * V);
    FloatVector s03 = FloatVector.fromArray(S, dw, r0 + 3 * V);
    FloatVector s10 = FloatVector.fromArray(S, dw, r1);
    FloatVector s11 = FloatVector.fromArray(S, dw, r1 + V);
    FloatVector s12 = FloatVector.fromArray(S, dw, r1 + 2 * V);
    FloatVector s13 = FloatVector.fromArray(S, dw, r1 + 3 * V);
    FloatVector s20 = FloatVector.fromArray(S, dw, r2);
    FloatVector s21 = FloatVector.fromArray(S, dw, r2 + V);
    FloatVector s22 = FloatVector.fromArray(S, dw, r2 + 2 * V);
    FloatVector s23 = FloatVector.fromArray(S, dw, r2 + 3 * V);
    FloatVector s30 = FloatVector.fromArray(S, dw, r3);
    FloatVector s31 = FloatVector.fromArray(S, dw, r3 + V);
    FloatVector s32 = FloatVector.fromArray(S, dw, r3 + 2 * V);
    FloatVector s33 = FloatVector.fromArray(S, dw, r3 + 3 * V);
    int z1 = z0 + stride;
    int z2 = z1 + stride;
    int z3 = z2 + stride;
    int x1 = x0 + stride;
    int x2 = x1 + stride;
    int x3 = x2 + stride;
    for (int b = b0; b < end; b += V) {
      FloatVector i0 = FloatVector.fromArray(S, in, x0 + b);
      FloatVector i1 = FloatVector.fromArray(S, in, x1 + b);
      FloatVector i2 = FloatVector.fromArray(S, in, x2 + b);
      FloatVector i3 = FloatVector.fromArray(S, in, x3 + b);
      FloatVector d = FloatVector.fromArray(S, dz, z0 + b);
      s00 = d.fma(i0, s00);
      s01 = d.fma(i1, s01);
      s02 = d.fma(i2, s02);
      s03 = d.fma(i3, s03);
      d = FloatVector.fromArray(S, dz, z1 + b);
      s10 = d.fma(i0, s10);
      s11 = d.fma(i1, s11);
      s12 = d.fma(i2, s12);
      s13 = d.fma(i3, s13);
      d = FloatVector.fromArray(S, dz, z2 + b);
      s20 = d.fma(i0, s20);
      s21 = d.fma(i1, s21);
      s22 = d.fma(i2, s22);
      s23 = d.fma(i3, s23);
      d = FloatVector.fromArray(S, dz, z3 + b);
      s30 = d.fma(i0, s30);
      s31 = d.fma(i1, s31);
      s32 = d.fma(i2, s32);
      s33 = d.fma(i3, s33);
    }
    s00.intoArray(dw, r0);
    s01.intoArray(dw, r0 + V);
    s02.intoArray(dw, r0 + 2 * V);
    s03.intoArray(dw, r0 + 3 * V);
    s10.intoArray(dw, r1);
    s11.intoArray(dw, r1 + V);
    s12.intoArray(dw, r1 + 2 * V);
    s13.intoArray(dw, r1 + 3 * V);
    s20.intoArray(dw, r2);
    s21.intoArray(dw, r2 + V);
    s22.intoArray(dw, r2 + 2 * V);
    s23.intoArray(dw, r2 + 3 * V);
    s30.intoArray(dw, r3);
    s31.intoArray(dw, r3 + V);
    s32.intoArray(dw, r3 + 2 * V);
    s33.intoArray(dw, r3 + 3 * V);
  }

  /**
   * Rows j..j+3 of dz × rows k, k+1 of in: the 4×4 tile's edge when the columns are not a multiple
   * of 4 (layer 0 has 22), 6 loads per 8 FMAs on eight chains where {@link #dot} has one.
   */
  private static void outerTile4x2(
      float[] dz,
      int z0,
      float[] in,
      int x0,
      float[] dw,
      int r0,
      int rowLength,
      int stride,
      int b0,
      int end) {
    int r1 = r0 + rowLength * V;
    int r2 = r1 + rowLength * V;
    int r3 = r2 + rowLength * V;
    FloatVector s00 = FloatVector.fromArray(S, dw, r0);
    FloatVector s01 = FloatVector.fromArray(S, dw, r0 + V);
    FloatVector s10 = FloatVector.fromArray(S, dw, r1);
    FloatVector s11 = FloatVector.fromArray(S, dw, r1 + V);
    FloatVector s20 = FloatVector.fromArray(S, dw, r2);
    FloatVector s21 = FloatVector.fromArray(S, dw, r2 + V);
    FloatVector s30 = FloatVector.fromArray(S, dw, r3);
    FloatVector s31 = FloatVector.fromArray(S, dw, r3 + V);
    int x1 = x0 + stride;
    for (int b = b0; b < end; b += V) {
      FloatVector i0 = FloatVector.fromArray(S, in, x0 + b);
      FloatVector i1 = FloatVector.fromArray(S, in, x1 + b);
      FloatVector d = FloatVector.fromArray(S, dz, z0 + b);
      s00 = d.fma(i0, s00);
      s01 = d.fma(i1, s01);
      d = FloatVector.fromArray(S, dz, z0 + stride + b);
      s10 = d.fma(i0, s10);
      s11 = d.fma(i1, s11);
      d = FloatVector.fromArray(S, dz, z0 + 2 * stride + b);
      s20 = d.fma(i0, s20);
      s21 = d.fma(i1, s21);
      d = FloatVector.fromArray(S, dz, z0 + 3 * stride + b);
      s30 = d.fma(i0, s30);
      s31 = d.fma(i1, s31);
    }
    s00.intoArray(dw, r0);
    s01.intoArray(dw, r0 + V);
    s10.intoArray(dw, r1);
    s11.intoArray(dw, r1 + V);
    s20.intoArray(dw, r2);
    s21.intoArray(dw, r2 + V);
    s30.intoArray(dw, r3);
    s31.intoArray(dw, r3 + V);
  }

  /**
   * One row of dz × rows k..k+3 of in (the output layer's single row): four chains where {@link
   * #dot} has one. Weights k..k+3 of a row are neighbours, so their accumulators are too.
   */
  private static void outerTile1x4(
      float[] dz, int z, float[] in, int x0, float[] dw, int r0, int stride, int b0, int end) {
    FloatVector s0 = FloatVector.fromArray(S, dw, r0);
    FloatVector s1 = FloatVector.fromArray(S, dw, r0 + V);
    FloatVector s2 = FloatVector.fromArray(S, dw, r0 + 2 * V);
    FloatVector s3 = FloatVector.fromArray(S, dw, r0 + 3 * V);
    int x1 = x0 + stride;
    int x2 = x1 + stride;
    int x3 = x2 + stride;
    for (int b = b0; b < end; b += V) {
      FloatVector d = FloatVector.fromArray(S, dz, z + b);
      s0 = d.fma(FloatVector.fromArray(S, in, x0 + b), s0);
      s1 = d.fma(FloatVector.fromArray(S, in, x1 + b), s1);
      s2 = d.fma(FloatVector.fromArray(S, in, x2 + b), s2);
      s3 = d.fma(FloatVector.fromArray(S, in, x3 + b), s3);
    }
    s0.intoArray(dw, r0);
    s1.intoArray(dw, r0 + V);
    s2.intoArray(dw, r0 + 2 * V);
    s3.intoArray(dw, r0 + 3 * V);
  }

  /** acc[acc0 .. acc0 + V) += the lane-wise products a·x over [b0, end). */
  private static void dot(
      float[] a, int aOff, float[] x, int xOff, int b0, int end, float[] acc, int acc0) {
    FloatVector s = FloatVector.fromArray(S, acc, acc0);
    for (int b = b0; b < end; b += V) {
      s = FloatVector.fromArray(S, a, aOff + b).fma(FloatVector.fromArray(S, x, xOff + b), s);
    }
    s.intoArray(acc, acc0);
  }

  @Override
  public void rowSumAccumulate(
      float[] dz, int dzOff, int rows, float[] db, int dbOff, int stride, int b0, int width) {
    int end = b0 + width;
    for (int j = 0; j < rows; j++) {
      int acc = (dbOff + j) * V;
      FloatVector s = FloatVector.fromArray(S, db, acc);
      int row = dzOff + j * stride;
      for (int b = b0; b < end; b += V) {
        s = s.add(FloatVector.fromArray(S, dz, row + b));
      }
      s.intoArray(db, acc);
    }
  }

  @Override
  public void cellForward(
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
      int width) {
    int gateStride = hidden * stride;
    int end = b0 + width;
    // Activations through VectorMath's array loops: no vector crosses a call that C2 may leave
    // out-of-line (it would be boxed on the heap).
    for (int j = 0; j < hidden; j++) {
      int gi = gOff + j * stride + b0;
      VectorMath.sigmoid(gates, gi, gates, gi, width);
      VectorMath.sigmoid(gates, gi + gateStride, gates, gi + gateStride, width);
      VectorMath.tanh(gates, gi + 2 * gateStride, gates, gi + 2 * gateStride, width);
      VectorMath.sigmoid(gates, gi + 3 * gateStride, gates, gi + 3 * gateStride, width);
    }
    for (int j = 0; j < hidden; j++) {
      int row = j * stride;
      int gi = gOff + row;
      int gf = gi + gateStride;
      int gg = gf + gateStride;
      for (int b = b0; b < end; b += V) {
        FloatVector i = FloatVector.fromArray(S, gates, gi + b);
        FloatVector g = FloatVector.fromArray(S, gates, gg + b);
        FloatVector.fromArray(S, gates, gf + b)
            .fma(FloatVector.fromArray(S, c, cPrevOff + row + b), i.mul(g))
            .intoArray(c, cOff + row + b);
      }
      // tanh(c) goes into h, which o then scales in place.
      int hRow = hOff + row;
      VectorMath.tanh(c, cOff + row + b0, h, hRow + b0, width);
      int go = gg + gateStride;
      for (int b = b0; b < end; b += V) {
        FloatVector.fromArray(S, gates, go + b)
            .mul(FloatVector.fromArray(S, h, hRow + b))
            .intoArray(h, hRow + b);
      }
    }
  }

  @Override
  public void cellBackward(
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
      int width) {
    int gateStride = hidden * stride;
    int end = b0 + width;
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int j = 0; j < hidden; j++) {
      int row = j * stride;
      // tanh(c_t) goes into this row's dz_o, which each lane reads before it writes dz_o there.
      int zo = dzOff + 3 * gateStride + row;
      VectorMath.tanh(c, cOff + row + b0, dz, zo + b0, width);
      // The bias gradients of unit j's four gates, summed as the dz are made (rowSumAccumulate's
      // order, so its bits) instead of in a second pass over dz.
      int di = (dbOff + j) * V;
      int df = di + hidden * V;
      int dg = df + hidden * V;
      int dq = dg + hidden * V;
      FloatVector si = FloatVector.fromArray(S, db, di);
      FloatVector sf = FloatVector.fromArray(S, db, df);
      FloatVector sg = FloatVector.fromArray(S, db, dg);
      FloatVector so = FloatVector.fromArray(S, db, dq);
      for (int b = b0; b < end; b += V) {
        int gi = gOff + row + b;
        FloatVector i = FloatVector.fromArray(S, gates, gi);
        FloatVector f = FloatVector.fromArray(S, gates, gi + gateStride);
        FloatVector g = FloatVector.fromArray(S, gates, gi + 2 * gateStride);
        FloatVector o = FloatVector.fromArray(S, gates, gi + 3 * gateStride);
        FloatVector t = FloatVector.fromArray(S, dz, zo + b);
        FloatVector dhv = FloatVector.fromArray(S, dh, dhOff + row + b);
        FloatVector dcv =
            dhv.mul(o).mul(one.sub(t.mul(t))).add(FloatVector.fromArray(S, dc, dcOff + row + b));
        int zi = dzOff + row + b;
        FloatVector zI = dcv.mul(g).mul(i.mul(one.sub(i)));
        FloatVector zF =
            dcv.mul(FloatVector.fromArray(S, c, cPrevOff + row + b)).mul(f.mul(one.sub(f)));
        FloatVector zG = dcv.mul(i).mul(one.sub(g.mul(g)));
        FloatVector zO = dhv.mul(t).mul(o.mul(one.sub(o)));
        zI.intoArray(dz, zi);
        zF.intoArray(dz, zi + gateStride);
        zG.intoArray(dz, zi + 2 * gateStride);
        zO.intoArray(dz, zi + 3 * gateStride);
        si = si.add(zI);
        sf = sf.add(zF);
        sg = sg.add(zG);
        so = so.add(zO);
        dcv.mul(f).intoArray(dc, dcOff + row + b);
      }
      si.intoArray(db, di);
      sf.intoArray(db, df);
      sg.intoArray(db, dg);
      so.intoArray(db, dq);
    }
  }
}
