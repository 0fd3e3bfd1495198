package io.learnopt.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one matrix-product loop nest behind {@link VectorKernels#matmul}, {@code matmulTransA} and
 * {@code matmulTransB}: C[m×n] (+)= op(A)·op(B), where op(X) is the matrix a view holds or its
 * transpose. A transpose is just other strides: A[i,p] is {@code a[aOffset + i·ars + p·acs]} with
 * (ars, acs) = (stride, 1), or (1, stride) for the transpose; likewise B.
 *
 * <p>Blocking, from the outside in:
 *
 * <ol>
 *   <li>The inner dimension is cut into blocks of {@value #K_BLOCK}.
 *   <li>For each strip of up to 3 vectors of columns (48 floats with AVX-512), the block of B is
 *       <em>packed</em> into a contiguous panel, {@code kc} rows of {@code width} floats. The panel
 *       stays in L1/L2 while every row of A streams past it, and packing is where the B strides are
 *       paid once, so the inner loop only ever reads whole in-range vectors.
 *   <li>A micro-kernel keeps a 4-row × 3-vector tile of C in 12 accumulator registers. Per step p
 *       it loads 3 vectors of panel row p, broadcasts A[i,p] for its 4 rows and issues 12 FMAs:
 *       C[i, j..j+3L) += A[i,p]·B[p, j..j+3L). No C traffic inside the loop.
 * </ol>
 *
 * <p>Edges: a last strip narrower than 3 vectors uses the 2- or 1-vector kernel, whose lanes past
 * column n compute junk that is never stored; a last block of fewer than 4 rows repeats its last
 * row in the spare accumulators and stores only the real rows.
 *
 * <p>Why pack rather than mask loads at the right edge: in JDK 25 a masked load whose full vector
 * would run past the end of the array takes a path C2 does not intrinsify, and one such load in a
 * loop boxes every vector in it. The tile's result leaves through a small spill buffer and {@link
 * #flush}, which stores whole vectors and finishes a ragged edge in scalars: no masks at all.
 */
final class VectorGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Inner-dimension block: a panel of 256 rows × 3 vectors is 48 KB with AVX-512. */
  static final int K_BLOCK = 256;

  private VectorGemm() {}

  /** C[m×n] (+)= op(A)·op(B) as above, C's rows {@code c.stride()} apart; arguments checked. */
  static void gemm(
      MatrixView a,
      boolean transposeA,
      MatrixView b,
      boolean transposeB,
      MatrixView c,
      int m,
      int k,
      int n,
      boolean accumulate) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          Arrays.fill(c.array(), c.index(i, 0), c.index(i, n), 0f);
        }
      }
      return;
    }
    int ars = transposeA ? 1 : a.stride();
    int acs = transposeA ? a.stride() : 1;
    int brs = transposeB ? 1 : b.stride();
    int bcs = transposeB ? b.stride() : 1;
    int maxWidth = Math.min(3 * L, roundUp(n));
    float[] panel = new float[Math.min(k, K_BLOCK) * maxWidth];
    float[] spill = new float[4 * 3 * L];
    for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
      int kc = Math.min(K_BLOCK, k - p0);
      // After the first k-block C holds a partial sum: add to it.
      boolean acc = accumulate || p0 > 0;
      for (int j0 = 0; j0 < n; j0 += 3 * L) {
        int cols = Math.min(3 * L, n - j0);
        int vectors = roundUp(cols) / L;
        int width = vectors * L;
        pack(b.array(), b.offset() + p0 * brs + j0 * bcs, brs, bcs, kc, cols, panel, width);
        for (int i = 0; i < m; i += 4) {
          int rows = Math.min(4, m - i);
          int a0 = a.offset() + i * ars + p0 * acs;
          switch (vectors) {
            case 3 -> tile3(a.array(), a0, ars, acs, rows, panel, kc, spill);
            case 2 -> tile2(a.array(), a0, ars, acs, rows, panel, kc, spill);
            default -> tile1(a.array(), a0, ars, acs, rows, panel, kc, spill);
          }
          flush(spill, width, c, i, j0, rows, cols, acc);
        }
      }
    }
  }

  /**
   * panel[p·width + j] = B[p, j] for p &lt; kc, j &lt; cols, with B[p,j] at {@code base + p·brs +
   * j·bcs}. Columns cols..width keep stale values: they only feed lanes that are never stored.
   */
  private static void pack(
      float[] b, int base, int brs, int bcs, int kc, int cols, float[] panel, int width) {
    if (bcs == 1) {
      // Rows are short (≤ 3 vectors): vector moves beat an arraycopy call per row.
      for (int p = 0; p < kc; p++) {
        int src = base + p * brs;
        int dst = p * width;
        int j = 0;
        for (; j + L <= cols; j += L) {
          FloatVector.fromArray(S, b, src + j).intoArray(panel, dst + j);
        }
        for (; j < cols; j++) {
          panel[dst + j] = b[src + j];
        }
      }
    } else {
      // Transposed B: walk each stored row (contiguous along p) and scatter it down a column.
      for (int j = 0; j < cols; j++) {
        int src = base + j * bcs;
        for (int p = 0; p < kc; p++) {
          panel[p * width + j] = b[src + p * brs];
        }
      }
    }
  }

  /** The main tile: rows ≤ 4 rows × 3 vectors of C, into {@code spill} (rows 3 vectors apart). */
  private static void tile3(
      float[] a, int a0, int ars, int acs, int rows, float[] panel, int kc, float[] spill) {
    // Spare rows repeat the last real row: valid reads, results dropped at the store.
    int a1 = a0 + Math.min(1, rows - 1) * ars;
    int a2 = a0 + Math.min(2, rows - 1) * ars;
    int a3 = a0 + Math.min(3, rows - 1) * ars;
    FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00;
    FloatVector s10 = s00, s11 = s00, s12 = s00;
    FloatVector s20 = s00, s21 = s00, s22 = s00;
    FloatVector s30 = s00, s31 = s00, s32 = s00;
    int bp = 0;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, panel, bp);
      FloatVector b1 = FloatVector.fromArray(S, panel, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, panel, bp + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[a0]);
      s00 = x.fma(b0, s00);
      s01 = x.fma(b1, s01);
      s02 = x.fma(b2, s02);
      x = FloatVector.broadcast(S, a[a1]);
      s10 = x.fma(b0, s10);
      s11 = x.fma(b1, s11);
      s12 = x.fma(b2, s12);
      x = FloatVector.broadcast(S, a[a2]);
      s20 = x.fma(b0, s20);
      s21 = x.fma(b1, s21);
      s22 = x.fma(b2, s22);
      x = FloatVector.broadcast(S, a[a3]);
      s30 = x.fma(b0, s30);
      s31 = x.fma(b1, s31);
      s32 = x.fma(b2, s32);
      a0 += acs;
      a1 += acs;
      a2 += acs;
      a3 += acs;
      bp += 3 * L;
    }
    s00.intoArray(spill, 0);
    s01.intoArray(spill, L);
    s02.intoArray(spill, 2 * L);
    s10.intoArray(spill, 3 * L);
    s11.intoArray(spill, 4 * L);
    s12.intoArray(spill, 5 * L);
    s20.intoArray(spill, 6 * L);
    s21.intoArray(spill, 7 * L);
    s22.intoArray(spill, 8 * L);
    s30.intoArray(spill, 9 * L);
    s31.intoArray(spill, 10 * L);
    s32.intoArray(spill, 11 * L);
  }

  /** A last strip of 2 vectors: rows ≤ 4 rows × 2 vectors of C, into {@code spill}. */
  private static void tile2(
      float[] a, int a0, int ars, int acs, int rows, float[] panel, int kc, float[] spill) {
    int a1 = a0 + Math.min(1, rows - 1) * ars;
    int a2 = a0 + Math.min(2, rows - 1) * ars;
    int a3 = a0 + Math.min(3, rows - 1) * ars;
    FloatVector s00 = FloatVector.zero(S), s01 = s00;
    FloatVector s10 = s00, s11 = s00;
    FloatVector s20 = s00, s21 = s00;
    FloatVector s30 = s00, s31 = s00;
    int bp = 0;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, panel, bp);
      FloatVector b1 = FloatVector.fromArray(S, panel, bp + L);
      FloatVector x = FloatVector.broadcast(S, a[a0]);
      s00 = x.fma(b0, s00);
      s01 = x.fma(b1, s01);
      x = FloatVector.broadcast(S, a[a1]);
      s10 = x.fma(b0, s10);
      s11 = x.fma(b1, s11);
      x = FloatVector.broadcast(S, a[a2]);
      s20 = x.fma(b0, s20);
      s21 = x.fma(b1, s21);
      x = FloatVector.broadcast(S, a[a3]);
      s30 = x.fma(b0, s30);
      s31 = x.fma(b1, s31);
      a0 += acs;
      a1 += acs;
      a2 += acs;
      a3 += acs;
      bp += 2 * L;
    }
    s00.intoArray(spill, 0);
    s01.intoArray(spill, L);
    s10.intoArray(spill, 2 * L);
    s11.intoArray(spill, 3 * L);
    s20.intoArray(spill, 4 * L);
    s21.intoArray(spill, 5 * L);
    s30.intoArray(spill, 6 * L);
    s31.intoArray(spill, 7 * L);
  }

  /** A last strip of 1 vector: rows ≤ 4 rows × 1 vector of C, into {@code spill}. */
  private static void tile1(
      float[] a, int a0, int ars, int acs, int rows, float[] panel, int kc, float[] spill) {
    int a1 = a0 + Math.min(1, rows - 1) * ars;
    int a2 = a0 + Math.min(2, rows - 1) * ars;
    int a3 = a0 + Math.min(3, rows - 1) * ars;
    FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
    int bp = 0;
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, panel, bp);
      s0 = FloatVector.broadcast(S, a[a0]).fma(b0, s0);
      s1 = FloatVector.broadcast(S, a[a1]).fma(b0, s1);
      s2 = FloatVector.broadcast(S, a[a2]).fma(b0, s2);
      s3 = FloatVector.broadcast(S, a[a3]).fma(b0, s3);
      a0 += acs;
      a1 += acs;
      a2 += acs;
      a3 += acs;
      bp += L;
    }
    s0.intoArray(spill, 0);
    s1.intoArray(spill, L);
    s2.intoArray(spill, 2 * L);
    s3.intoArray(spill, 3 * L);
  }

  /**
   * C[i + r, j0 .. j0 + cols) (+)= spill[r·width + 0..cols) for the tile's first {@code rows} rows.
   * The tiles hand their accumulators over through {@code spill} rather than as vector arguments: a
   * vector passed to a method C2 did not inline is boxed on the heap, and whether it inlines
   * depends on compile order. Same sums as adding in registers (addition is commutative), so the
   * bits are unchanged.
   */
  private static void flush(
      float[] spill, int width, MatrixView c, int i, int j0, int rows, int cols, boolean acc) {
    float[] out = c.array();
    for (int r = 0; r < rows; r++) {
      int src = r * width;
      int dst = c.index(i + r, j0);
      int j = 0;
      for (; j + L <= cols; j += L) {
        FloatVector v = FloatVector.fromArray(S, spill, src + j);
        if (acc) {
          v = v.add(FloatVector.fromArray(S, out, dst + j));
        }
        v.intoArray(out, dst + j);
      }
      for (; j < cols; j++) {
        out[dst + j] = acc ? spill[src + j] + out[dst + j] : spill[src + j];
      }
    }
  }

  /** n rounded up to a whole number of vectors. */
  private static int roundUp(int n) {
    return (n + L - 1) / L * L;
  }
}
