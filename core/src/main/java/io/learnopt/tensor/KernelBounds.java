package io.learnopt.tensor;

/**
 * Argument checks shared by {@link ScalarKernels} and {@link VectorKernels}: every kernel checks
 * its ranges before it writes anything, so a bad call fails with a message that names the operand
 * and never leaves an output half-written.
 */
final class KernelBounds {
  private KernelBounds() {}

  /** Throws unless {@code array[offset, offset + length)} is in range. */
  static void range(String operand, float[] array, int offset, long length) {
    if (offset < 0 || length < 0 || offset + length > array.length) {
      throw new IndexOutOfBoundsException(
          operand
              + ": "
              + length
              + " floats at offset "
              + offset
              + " do not fit in an array of length "
              + array.length);
    }
  }

  /**
   * Throws unless {@code in} and {@code out} each hold {@code length} floats from their offsets.
   */
  static void unary(float[] in, int inOffset, float[] out, int outOffset, int length) {
    range("in", in, inOffset, length);
    range("out", out, outOffset, length);
  }

  /** Throws unless the dimensions are non-negative. */
  static void dims(int m, int k, int n) {
    if (m < 0 || k < 0 || n < 0) {
      throw new IllegalArgumentException(
          "matrix dimensions must be >= 0, got m=" + m + " k=" + k + " n=" + n);
    }
  }

  /** Throws unless the whole-array operands have the same length; returns it. */
  static int sameLength(float[] x, float[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "operands have lengths " + x.length + " and " + y.length + "; they must be equal");
    }
    return x.length;
  }

  /** Checks the three operands of an m×k by k×n product whose A and B are stored as given. */
  static void matmul(
      float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, int m, int k, int n) {
    dims(m, k, n);
    range("A", a, aOffset, (long) m * k);
    range("B", b, bOffset, (long) k * n);
    range("C", c, cOffset, (long) m * n);
  }

  /**
   * Checks the dimensions of C[m×n] = op(A)·op(B), then its three operands given as views: A stored
   * m×k (k×m if {@code transposeA}), B stored k×n (n×k if {@code transposeB}), C m×n.
   */
  static void product(
      int m,
      int k,
      int n,
      MatrixView a,
      boolean transposeA,
      MatrixView b,
      boolean transposeB,
      MatrixView c) {
    dims(m, k, n);
    view("A", a, transposeA ? k : m, transposeA ? m : k);
    view("B", b, transposeB ? n : k, transposeB ? k : n);
    view("C", c, m, n);
  }

  /** Throws unless {@code rows} × {@code cols} elements of {@code v} are in its array. */
  private static void view(String operand, MatrixView v, int rows, int cols) {
    if (rows == 0 || cols == 0) {
      return;
    }
    long end = v.offset() + (long) (rows - 1) * v.stride() + cols;
    if (v.offset() < 0 || v.stride() < 0 || end > v.array().length) {
      throw new IndexOutOfBoundsException(
          operand
              + ": "
              + rows
              + "×"
              + cols
              + " floats at offset "
              + v.offset()
              + ", row stride "
              + v.stride()
              + ", do not fit in an array of length "
              + v.array().length);
    }
  }
}
