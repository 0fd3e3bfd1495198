package io.learnopt.tensor;

/**
 * Reference kernels: plain loops, written to be obviously right. {@link VectorKernels} is tested
 * against these, and its elementwise kernels finish the elements that do not fill a whole vector
 * with the loops here (package-private, unchecked, over an index range), so a tail gives the bits
 * of the reference.
 *
 * <p>Conventions. The products take their matrices as {@link MatrixView}s; {@code m, k, n} are the
 * dimensions of C[m×n] = op(A)·op(B) with inner dimension k, whatever the storage of A and B. With
 * {@code accumulate} false C is overwritten, with true the product is added to it. The elementwise
 * kernels take each array with the offset of its first element, as {@link VectorKernels} does, and
 * may be called in place ({@code in == out} at the same offset). Everything accumulates in float32,
 * and every kernel checks its ranges before it writes.
 */
public final class ScalarKernels {
  private ScalarKernels() {}

  /** C[m×n] (+)= A[m×k]·B[k×n]: C[i,j] = Σ_p A[i,p]·B[p,j]. */
  public static void matmul(
      MatrixView a, MatrixView b, MatrixView c, int m, int k, int n, boolean accumulate) {
    KernelBounds.product(m, k, n, a, false, b, false, c);
    // i-p-j order: the inner loop walks a row of B and a row of C contiguously.
    for (int i = 0; i < m; i++) {
      if (!accumulate) {
        java.util.Arrays.fill(c.array(), c.index(i, 0), c.index(i, n), 0f);
      }
      for (int p = 0; p < k; p++) {
        float aip = a.array()[a.index(i, p)];
        for (int j = 0; j < n; j++) {
          c.array()[c.index(i, j)] += aip * b.array()[b.index(p, j)];
        }
      }
    }
  }

  /**
   * C[m×n] (+)= Aᵀ·B with A stored k×m and B stored k×n: C[i,j] = Σ_p A[p,i]·B[p,j]. This is the
   * weight gradient ∂L/∂W = Xᵀ·∂L/∂Y of Y = X·W, with X the k×m batch of inputs. The reference
   * transposes A into a copy and multiplies.
   */
  public static void matmulTransA(
      MatrixView a, MatrixView b, MatrixView c, int m, int k, int n, boolean accumulate) {
    KernelBounds.product(m, k, n, a, true, b, false, c);
    matmul(transpose(a, k, m), b, c, m, k, n, accumulate);
  }

  /**
   * C[m×n] (+)= A·Bᵀ with A stored m×k and B stored n×k: C[i,j] = Σ_p A[i,p]·B[j,p]. This is the
   * input gradient ∂L/∂X = ∂L/∂Y·Wᵀ of Y = X·W. The reference transposes B into a copy and
   * multiplies.
   */
  public static void matmulTransB(
      MatrixView a, MatrixView b, MatrixView c, int m, int k, int n, boolean accumulate) {
    KernelBounds.product(m, k, n, a, false, b, true, c);
    matmul(a, transpose(b, n, k), c, m, k, n, accumulate);
  }

  /** A row-major copy of the transpose of the {@code rows × cols} matrix {@code x}. */
  private static MatrixView transpose(MatrixView x, int rows, int cols) {
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < cols; q++) {
        t[q * rows + r] = x.array()[x.index(r, q)];
      }
    }
    return new MatrixView(t, 0, rows);
  }

  /** y[yOffset + i] += α·x[xOffset + i] for i in [0, length). */
  public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
    KernelBounds.range("x", x, xOffset, length);
    KernelBounds.range("y", y, yOffset, length);
    axpy(alpha, x, xOffset, y, yOffset, 0, length);
  }

  /** The loop of {@link #axpy} over i in [from, to), unchecked. */
  static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int from, int to) {
    for (int i = from; i < to; i++) {
      y[yOffset + i] += alpha * x[xOffset + i];
    }
  }

  /** Σ_i x[xOffset + i]·y[yOffset + i] for i in [0, length). */
  public static float dot(float[] x, int xOffset, float[] y, int yOffset, int length) {
    KernelBounds.range("x", x, xOffset, length);
    KernelBounds.range("y", y, yOffset, length);
    return dot(0f, x, xOffset, y, yOffset, 0, length);
  }

  /**
   * {@code sum} plus the products of {@link #dot} for i in [from, to), added in order; unchecked.
   */
  static float dot(float sum, float[] x, int xOffset, float[] y, int yOffset, int from, int to) {
    for (int i = from; i < to; i++) {
      sum += x[xOffset + i] * y[yOffset + i];
    }
    return sum;
  }

  /** out[outOffset + i] = α·in[inOffset + i] for i in [0, length). */
  public static void scale(
      float alpha, float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    scale(alpha, in, inOffset, out, outOffset, 0, length);
  }

  /** out[outOffset + i] = exp(α·in[inOffset + i]) for i in [0, length). */
  public static void expScaled(
      float alpha, float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    expScaled(alpha, in, inOffset, out, outOffset, 0, length);
  }

  /** The loop of {@link #expScaled} over i in [from, to), unchecked. */
  static void expScaled(
      float alpha, float[] in, int inOffset, float[] out, int outOffset, int from, int to) {
    for (int i = from; i < to; i++) {
      out[outOffset + i] = (float) Math.exp(alpha * in[inOffset + i]);
    }
  }

  /** a[offset + i] = x &gt; 0 ? x : eˣ − 1 for i in [0, length), in place. */
  public static void elu(float[] a, int offset, int length) {
    KernelBounds.range("a", a, offset, length);
    elu(a, offset, 0, length);
  }

  /** The loop of {@link #elu} over i in [from, to), unchecked. */
  static void elu(float[] a, int offset, int from, int to) {
    for (int i = from; i < to; i++) {
      float x = a[offset + i];
      a[offset + i] = x > 0 ? x : (float) StrictMath.expm1(x);
    }
  }

  /** The loop of {@link #scale} over i in [from, to), unchecked. */
  static void scale(
      float alpha, float[] in, int inOffset, float[] out, int outOffset, int from, int to) {
    for (int i = from; i < to; i++) {
      out[outOffset + i] = alpha * in[inOffset + i];
    }
  }

  /** out[outOffset + i] = a[aOffset + i] + b[bOffset + i] for i in [0, length). */
  public static void add(
      float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int length) {
    KernelBounds.range("a", a, aOffset, length);
    KernelBounds.range("b", b, bOffset, length);
    KernelBounds.range("out", out, outOffset, length);
    add(a, aOffset, b, bOffset, out, outOffset, 0, length);
  }

  /** The loop of {@link #add} over i in [from, to), unchecked. */
  static void add(
      float[] a,
      int aOffset,
      float[] b,
      int bOffset,
      float[] out,
      int outOffset,
      int from,
      int to) {
    for (int i = from; i < to; i++) {
      out[outOffset + i] = a[aOffset + i] + b[bOffset + i];
    }
  }

  /** out[outOffset + i] = σ(in[inOffset + i]) = 1 / (1 + e^(−in)) for i in [0, length). */
  public static void sigmoid(float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    for (int i = 0; i < length; i++) {
      // e^(−x) overflows to +∞ for x < −88, giving 1/∞ = 0: the right limit, no NaN.
      out[outOffset + i] = (float) (1.0 / (1.0 + Math.exp(-in[inOffset + i])));
    }
  }

  /** out[outOffset + i] = tanh(in[inOffset + i]) for i in [0, length). */
  public static void tanh(float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = (float) Math.tanh(in[inOffset + i]);
    }
  }

  /** out[outOffset + i] = max(in[inOffset + i], 0) for i in [0, length). */
  public static void relu(float[] in, int inOffset, float[] out, int outOffset, int length) {
    KernelBounds.unary(in, inOffset, out, outOffset, length);
    relu(in, inOffset, out, outOffset, 0, length);
  }

  /** The loop of {@link #relu} over i in [from, to), unchecked. */
  static void relu(float[] in, int inOffset, float[] out, int outOffset, int from, int to) {
    for (int i = from; i < to; i++) {
      out[outOffset + i] = Math.max(in[inOffset + i], 0f);
    }
  }

  /** Σ_i x[offset + i]² for i in [0, length). */
  public static float sumOfSquares(float[] x, int offset, int length) {
    KernelBounds.range("x", x, offset, length);
    return sumOfSquares(0f, x, offset, 0, length);
  }

  /** {@code sum} plus the squares of {@link #sumOfSquares} for i in [from, to), in order. */
  static float sumOfSquares(float sum, float[] x, int offset, int from, int to) {
    for (int i = from; i < to; i++) {
      float v = x[offset + i];
      sum += v * v;
    }
    return sum;
  }
}
