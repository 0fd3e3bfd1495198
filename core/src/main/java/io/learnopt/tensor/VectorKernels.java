package io.learnopt.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the JDK Vector API ({@code FloatVector.SPECIES_PREFERRED}: 16 floats with
 * AVX-512, 8 with AVX2), tested against the reference {@link ScalarKernels}. Matrices are dense and
 * row-major, each operand an array and the offset of its first element; {@code m, k, n} are the
 * dimensions of C[m×n] = op(A)·op(B) with inner dimension k, whatever the storage of A and B; with
 * {@code accumulate} false C is overwritten, with true the product is added to it. Elementwise
 * kernels may be called in place. Results differ from the reference only by float32 rounding, since
 * sums are taken in a different order; the elements past the last whole vector go through the
 * reference's own loops, so they give its bits.
 *
 * <p>Single-threaded: callers that want both cores split the rows of C.
 *
 * <p>The three matrix products share one register-blocked, panel-packed loop nest ({@link
 * VectorGemm}): a 4-row × 3-vector tile of C lives in 12 accumulator registers and every loaded
 * vector of B feeds 4 FMAs. Matrix products allocate one small panel (at most 256 × 48 floats) per
 * call; elementwise kernels allocate nothing.
 */
public final class VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorKernels() {}

  /** Floats per vector on this machine (16 with AVX-512, 8 with AVX2). */
  public static int vectorLength() {
    return L;
  }

  /** C[m×n] = A[m×k]·B[k×n], overwriting C. */
  public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    matmul(a, 0, b, 0, c, 0, m, k, n, false);
  }

  /** C[m×n] (+)= A[m×k]·B[k×n]: C[i,j] = Σ_p A[i,p]·B[p,j]. */
  public static void matmul(
      float[] a,
      int aOffset,
      float[] b,
      int bOffset,
      float[] c,
      int cOffset,
      int m,
      int k,
      int n,
      boolean accumulate) {
    KernelBounds.matmul(a, aOffset, b, bOffset, c, cOffset, m, k, n);
    VectorGemm.gemm(
        new MatrixView(a, aOffset, k),
        false,
        new MatrixView(b, bOffset, n),
        false,
        new MatrixView(c, cOffset, n),
        m,
        k,
        n,
        accumulate);
  }

  /** C[m×n] = Aᵀ·B with A stored k×m and B stored k×n, overwriting C. */
  public static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    matmulTransA(a, 0, b, 0, c, 0, m, k, n, false);
  }

  /**
   * C[m×n] (+)= Aᵀ·B with A stored k×m and B stored k×n: C[i,j] = Σ_p A[p,i]·B[p,j] (the weight
   * gradient Xᵀ·∂L/∂Y).
   */
  public static void matmulTransA(
      float[] a,
      int aOffset,
      float[] b,
      int bOffset,
      float[] c,
      int cOffset,
      int m,
      int k,
      int n,
      boolean accumulate) {
    KernelBounds.matmul(a, aOffset, b, bOffset, c, cOffset, m, k, n);
    // The same micro-kernel as matmul: only the strides of A change, (A^T)[i,p] = A[p,i] sits at
    // aOffset + p·m + i, and the 4 broadcasts of one step are now adjacent floats.
    VectorGemm.gemm(
        new MatrixView(a, aOffset, m),
        true,
        new MatrixView(b, bOffset, n),
        false,
        new MatrixView(c, cOffset, n),
        m,
        k,
        n,
        accumulate);
  }

  /** C[m×n] = A·Bᵀ with A stored m×k and B stored n×k, overwriting C. */
  public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n) {
    matmulTransB(a, 0, b, 0, c, 0, m, k, n, false);
  }

  /**
   * C[m×n] (+)= A·Bᵀ with A stored m×k and B stored n×k: C[i,j] = Σ_p A[i,p]·B[j,p] (the input
   * gradient ∂L/∂Y·Wᵀ).
   */
  public static void matmulTransB(
      float[] a,
      int aOffset,
      float[] b,
      int bOffset,
      float[] c,
      int cOffset,
      int m,
      int k,
      int n,
      boolean accumulate) {
    KernelBounds.matmul(a, aOffset, b, bOffset, c, cOffset, m, k, n);
    // (B^T)[p,j] = B[j,p] sits at bOffset + j·k + p: the packing step gathers it into rows.
    VectorGemm.gemm(
        new MatrixView(a, aOffset, k),
        false,
        new MatrixView(b, bOffset, k),
        true,
        new MatrixView(c, cOffset, n),
        m,
        k,
        n,
        accumulate);
  }

  /** y += α·x over whole arrays of equal length. */
  public static void axpy(float alpha, float[] x, float[] y) {
    axpy(alpha, x, 0, y, 0, KernelBounds.sameLength(x, y));
  }

  /** y[yOffset + i] += α·x[xOffset + i] for i in [0, length). */
  public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
    KernelBounds.range("x", x, xOffset, length);
    KernelBounds.range("y", y, yOffset, length);
    FloatVector va = FloatVector.broadcast(S, alpha);
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector vy = FloatVector.fromArray(S, y, yOffset + i);
      FloatVector.fromArray(S, x, xOffset + i).fma(va, vy).intoArray(y, yOffset + i);
    }
    ScalarKernels.axpy(alpha, x, xOffset, y, yOffset, i, length);
  }

  /** Σ_i x[i]·y[i] over whole arrays of equal length. */
  public static float dot(float[] x, float[] y) {
    return dot(x, 0, y, 0, KernelBounds.sameLength(x, y));
  }

  /** Σ_i x[xOffset + i]·y[yOffset + i] for i in [0, length). */
  public static float dot(float[] x, int xOffset, float[] y, int yOffset, int length) {
    KernelBounds.range("x", x, xOffset, length);
    KernelBounds.range("y", y, yOffset, length);
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      acc =
          FloatVector.fromArray(S, x, xOffset + i)
              .fma(FloatVector.fromArray(S, y, yOffset + i), acc);
    }
    return ScalarKernels.dot(VectorMath.sumLanes(acc), x, xOffset, y, yOffset, i, length);
  }

  /** out = α·in over whole arrays of equal length. */
  public static void scale(float alpha, float[] in, float[] out) {
    scale(alpha, in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = α·in[inOffset + i] for i in [0, length). */
  public static void scale(
      float alpha, float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector.fromArray(S, in, inOffset + i).mul(alpha).intoArray(out, outOffset + i);
    }
    ScalarKernels.scale(alpha, in, inOffset, out, outOffset, i, length);
  }

  /** out[outOffset + i] = exp(α·in[inOffset + i]) for i in [0, length). */
  public static void expScaled(
      float alpha, float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector.fromArray(S, in, inOffset + i)
          .mul(alpha)
          .lanewise(jdk.incubator.vector.VectorOperators.EXP)
          .intoArray(out, outOffset + i);
    }
    ScalarKernels.expScaled(alpha, in, inOffset, out, outOffset, i, length);
  }

  /** out = a + b over whole arrays of equal length. */
  public static void add(float[] a, float[] b, float[] out) {
    KernelBounds.sameLength(a, b);
    add(a, 0, b, 0, out, 0, KernelBounds.sameLength(a, out));
  }

  /** out[outOffset + i] = a[aOffset + i] + b[bOffset + i] for i in [0, length). */
  public static void add(
      float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int length) {
    KernelBounds.range("a", a, aOffset, length);
    KernelBounds.range("b", b, bOffset, length);
    KernelBounds.range("out", out, outOffset, length);
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector.fromArray(S, a, aOffset + i)
          .add(FloatVector.fromArray(S, b, bOffset + i))
          .intoArray(out, outOffset + i);
    }
    ScalarKernels.add(a, aOffset, b, bOffset, out, outOffset, i, length);
  }

  /** out = σ(in) = 1 / (1 + e^(−in)) over whole arrays of equal length. */
  public static void sigmoid(float[] in, float[] out) {
    sigmoid(in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = σ(in[inOffset + i]) for i in [0, length). */
  public static void sigmoid(float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    VectorMath.sigmoid(in, inOffset, out, outOffset, length);
  }

  /** out = tanh(in) over whole arrays of equal length. */
  public static void tanh(float[] in, float[] out) {
    tanh(in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = tanh(in[inOffset + i]) for i in [0, length). */
  public static void tanh(float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    VectorMath.tanh(in, inOffset, out, outOffset, length);
  }

  /** Elements per chunk of {@link #elu}: its tanh scratch, small enough to stay in L1. */
  private static final int ELU_CHUNK = 256;

  /**
   * a[offset + i] = ELU(a[offset + i]) = x &gt; 0 ? x : eˣ − 1 in place, with eˣ − 1 = 2t/(1 − t)
   * for t = tanh(x/2) from {@link VectorMath#tanh}: only exactly rounded operations, so the same
   * bits in every JIT tier (a recomputed unroll must repeat the forward pass bit for bit), within a
   * few ulps of expm1 and exactly −1 far below 0 (t = −1). Well conditioned for x ≤ 0: 1 − t ∈ [1,
   * 2], and t ≈ x/2 keeps small arguments' relative accuracy.
   */
  public static void elu(float[] a, int offset, int length) {
    KernelBounds.range("a", a, offset, length);
    float[] t = new float[Math.min(length, ELU_CHUNK)];
    FloatVector two = FloatVector.broadcast(S, 2f);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int from = 0; from < length; from += ELU_CHUNK) {
      int n = Math.min(ELU_CHUNK, length - from);
      int at = offset + from;
      VectorMath.tanh(a, at, 0.5f, 1f, 0f, t, 0, n);
      int i = 0;
      for (int bound = S.loopBound(n); i < bound; i += L) {
        FloatVector x = FloatVector.fromArray(S, a, at + i);
        FloatVector h = FloatVector.fromArray(S, t, i);
        FloatVector negative = h.mul(two).div(one.sub(h));
        negative.blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(a, at + i);
      }
      for (; i < n; i++) {
        float x = a[at + i];
        float h = t[i];
        a[at + i] = x > 0 ? x : h * 2f / (1f - h);
      }
    }
  }

  /** out = max(in, 0) over whole arrays of equal length. */
  public static void relu(float[] in, float[] out) {
    relu(in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = max(in[inOffset + i], 0) for i in [0, length). */
  public static void relu(float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector.fromArray(S, in, inOffset + i).max(0f).intoArray(out, outOffset + i);
    }
    ScalarKernels.relu(in, inOffset, out, outOffset, i, length);
  }

  /** Σ_i x[i]² over the whole array. */
  public static float sumOfSquares(float[] x) {
    return sumOfSquares(x, 0, x.length);
  }

  /** Σ_i x[offset + i]² for i in [0, length). */
  public static float sumOfSquares(float[] x, int offset, int length) {
    KernelBounds.range("x", x, offset, length);
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, offset + i);
      acc = v.fma(v, acc);
    }
    return ScalarKernels.sumOfSquares(VectorMath.sumLanes(acc), x, offset, i, length);
  }
}
