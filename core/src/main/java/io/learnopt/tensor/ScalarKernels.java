package io.learnopt.tensor;

import java.util.Arrays;

/**
 * Reference kernels: plain loops, written to be obviously right. {@link VectorKernels} has the same
 * methods with the same contracts and is tested against these.
 *
 * <p>Conventions shared by both classes. Matrices are dense and row-major; {@code m, k, n} are the
 * dimensions of the product C[m×n] = op(A)·op(B) with inner dimension k, whatever the storage of A
 * and B. With {@code accumulate} false C is overwritten, with true the product is added to it. The
 * {@code *Offset} arguments say where each operand starts in its array, so a kernel can work on a
 * slice of a flat parameter vector. Elementwise kernels may be called in place ({@code in == out}
 * at the same offset). Everything accumulates in float32.
 */
public final class ScalarKernels {
  private ScalarKernels() {}

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
    for (int i = 0; i < m; i++) {
      int cRow = cOffset + i * n;
      if (!accumulate) {
        Arrays.fill(c, cRow, cRow + n, 0f);
      }
      // i-p-j order: the inner loop walks a row of B and a row of C contiguously.
      for (int p = 0; p < k; p++) {
        float aip = a[aOffset + i * k + p];
        int bRow = bOffset + p * n;
        for (int j = 0; j < n; j++) {
          c[cRow + j] += aip * b[bRow + j];
        }
      }
    }
  }

  /** C[m×n] = Aᵀ·B with A stored k×m and B stored k×n, overwriting C. */
  public static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    matmulTransA(a, 0, b, 0, c, 0, m, k, n, false);
  }

  /**
   * C[m×n] (+)= Aᵀ·B with A stored k×m and B stored k×n: C[i,j] = Σ_p A[p,i]·B[p,j]. This is the
   * weight gradient ∂L/∂W = Xᵀ·∂L/∂Y of Y = X·W, with X the k×m batch of inputs.
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
    if (!accumulate) {
      Arrays.fill(c, cOffset, cOffset + m * n, 0f);
    }
    for (int p = 0; p < k; p++) {
      int aRow = aOffset + p * m;
      int bRow = bOffset + p * n;
      for (int i = 0; i < m; i++) {
        float api = a[aRow + i];
        int cRow = cOffset + i * n;
        for (int j = 0; j < n; j++) {
          c[cRow + j] += api * b[bRow + j];
        }
      }
    }
  }

  /** C[m×n] = A·Bᵀ with A stored m×k and B stored n×k, overwriting C. */
  public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n) {
    matmulTransB(a, 0, b, 0, c, 0, m, k, n, false);
  }

  /**
   * C[m×n] (+)= A·Bᵀ with A stored m×k and B stored n×k: C[i,j] = Σ_p A[i,p]·B[j,p]. This is the
   * input gradient ∂L/∂X = ∂L/∂Y·Wᵀ of Y = X·W.
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
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum += a[aOffset + i * k + p] * b[bOffset + j * k + p];
        }
        int ci = cOffset + i * n + j;
        c[ci] = accumulate ? c[ci] + sum : sum;
      }
    }
  }

  /** y += α·x over whole arrays of equal length. */
  public static void axpy(float alpha, float[] x, float[] y) {
    axpy(alpha, x, 0, y, 0, KernelBounds.sameLength(x, y));
  }

  /** y[yOffset + i] += α·x[xOffset + i] for i in [0, length). */
  public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
    KernelBounds.range("x", x, xOffset, length);
    KernelBounds.range("y", y, yOffset, length);
    for (int i = 0; i < length; i++) {
      y[yOffset + i] += alpha * x[xOffset + i];
    }
  }

  /** Σ_i x[i]·y[i] over whole arrays of equal length. */
  public static float dot(float[] x, float[] y) {
    return dot(x, 0, y, 0, KernelBounds.sameLength(x, y));
  }

  /** Σ_i x[xOffset + i]·y[yOffset + i] for i in [0, length). */
  public static float dot(float[] x, int xOffset, float[] y, int yOffset, int length) {
    KernelBounds.range("x", x, xOffset, length);
    KernelBounds.range("y", y, yOffset, length);
    float sum = 0f;
    for (int i = 0; i < length; i++) {
      sum += x[xOffset + i] * y[yOffset + i];
    }
    return sum;
  }

  /** out = α·in over whole arrays of equal length. */
  public static void scale(float alpha, float[] in, float[] out) {
    scale(alpha, in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = α·in[inOffset + i] for i in [0, length). */
  public static void scale(
      float alpha, float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.range("in", in, inOffset, length);
    KernelBounds.range("out", out, outOffset, length);
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = alpha * in[inOffset + i];
    }
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
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = a[aOffset + i] + b[bOffset + i];
    }
  }

  /** out = σ(in) = 1 / (1 + e^(−in)) over whole arrays of equal length. */
  public static void sigmoid(float[] in, float[] out) {
    sigmoid(in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = σ(in[inOffset + i]) for i in [0, length). */
  public static void sigmoid(float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.range("in", in, inOffset, length);
    KernelBounds.range("out", out, outOffset, length);
    for (int i = 0; i < length; i++) {
      // e^(−x) overflows to +∞ for x < −88, giving 1/∞ = 0: the right limit, no NaN.
      out[outOffset + i] = (float) (1.0 / (1.0 + Math.exp(-in[inOffset + i])));
    }
  }

  /** out = tanh(in) over whole arrays of equal length. */
  public static void tanh(float[] in, float[] out) {
    tanh(in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = tanh(in[inOffset + i]) for i in [0, length). */
  public static void tanh(float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.range("in", in, inOffset, length);
    KernelBounds.range("out", out, outOffset, length);
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = (float) Math.tanh(in[inOffset + i]);
    }
  }

  /** out = max(in, 0) over whole arrays of equal length. */
  public static void relu(float[] in, float[] out) {
    relu(in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = max(in[inOffset + i], 0) for i in [0, length). */
  public static void relu(float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.range("in", in, inOffset, length);
    KernelBounds.range("out", out, outOffset, length);
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = Math.max(in[inOffset + i], 0f);
    }
  }

  /** Σ_i x[i]² over the whole array. */
  public static float sumOfSquares(float[] x) {
    return sumOfSquares(x, 0, x.length);
  }

  /** Σ_i x[offset + i]² for i in [0, length). */
  public static float sumOfSquares(float[] x, int offset, int length) {
    KernelBounds.range("x", x, offset, length);
    float sum = 0f;
    for (int i = 0; i < length; i++) {
      float v = x[offset + i];
      sum += v * v;
    }
    return sum;
  }
}
