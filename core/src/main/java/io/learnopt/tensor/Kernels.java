package io.learnopt.tensor;

import java.lang.System.Logger.Level;

/**
 * The array kernels the library runs, and the one place that decides which implementation: {@link
 * VectorKernels} (the JDK Vector API) when the JVM has the {@code jdk.incubator.vector} module
 * ({@code java --add-modules jdk.incubator.vector}, as the {@code learnopt} launcher and the build
 * start it), else the plain loops of {@link ScalarKernels}. {@code -Dlearnopt.kernels=scalar} picks
 * the scalar kernels on purpose. Without the module the first kernel call logs one warning ({@link
 * System.Logger}, level WARNING) and everything runs, only slower; no class that refers to a {@code
 * jdk.incubator.vector} type is loaded then. {@code io.learnopt.learned.LstmKernels} chooses the
 * LSTM's kernels by {@link #vector()} too.
 *
 * <p>Each kernel has the signature and contract of its {@link VectorKernels} namesake: row-major
 * matrices as an array and the offset of the first element, C[m×n] = op(A)·op(B) with inner
 * dimension k, {@code accumulate} adding to C instead of overwriting it; elementwise kernels may
 * run in place. The two implementations agree to float32 rounding.
 */
public final class Kernels {
  /** The warning logged once when the Vector API is missing. */
  public static final String MISSING_VECTOR_API =
      "learnopt: the jdk.incubator.vector module is not available, so the scalar kernels run"
          + " (several times slower); start java with --add-modules jdk.incubator.vector";

  private static final boolean VECTOR = decide();

  private Kernels() {}

  private static boolean decide() {
    if ("scalar".equals(System.getProperty("learnopt.kernels"))) {
      return false;
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      return true;
    }
    System.getLogger(Kernels.class.getName()).log(Level.WARNING, MISSING_VECTOR_API);
    return false;
  }

  /** Whether the Vector API kernels run (decided once, when this class is initialized). */
  public static boolean vector() {
    return VECTOR;
  }

  /** Floats per vector (16 with AVX-512, 8 with AVX2); 1 on the scalar kernels. */
  public static int vectorLength() {
    return VECTOR ? VectorKernels.vectorLength() : 1;
  }

  /** C[m×n] = A[m×k]·B[k×n], overwriting C. */
  public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    matmul(a, 0, b, 0, c, 0, m, k, n, false);
  }

  /** C[m×n] (+)= A[m×k]·B[k×n]. */
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
    if (VECTOR) {
      VectorKernels.matmul(a, aOffset, b, bOffset, c, cOffset, m, k, n, accumulate);
    } else {
      ScalarKernels.matmul(
          new MatrixView(a, aOffset, k),
          new MatrixView(b, bOffset, n),
          new MatrixView(c, cOffset, n),
          m,
          k,
          n,
          accumulate);
    }
  }

  /** C[m×n] = Aᵀ·B with A stored k×m and B stored k×n, overwriting C. */
  public static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    matmulTransA(a, 0, b, 0, c, 0, m, k, n, false);
  }

  /** C[m×n] (+)= Aᵀ·B with A stored k×m and B stored k×n. */
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
    if (VECTOR) {
      VectorKernels.matmulTransA(a, aOffset, b, bOffset, c, cOffset, m, k, n, accumulate);
    } else {
      ScalarKernels.matmulTransA(
          new MatrixView(a, aOffset, m),
          new MatrixView(b, bOffset, n),
          new MatrixView(c, cOffset, n),
          m,
          k,
          n,
          accumulate);
    }
  }

  /** C[m×n] = A·Bᵀ with A stored m×k and B stored n×k, overwriting C. */
  public static void matmulTransB(float[] a, float[] b, float[] c, int m, int k, int n) {
    matmulTransB(a, 0, b, 0, c, 0, m, k, n, false);
  }

  /** C[m×n] (+)= A·Bᵀ with A stored m×k and B stored n×k. */
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
    if (VECTOR) {
      VectorKernels.matmulTransB(a, aOffset, b, bOffset, c, cOffset, m, k, n, accumulate);
    } else {
      ScalarKernels.matmulTransB(
          new MatrixView(a, aOffset, k),
          new MatrixView(b, bOffset, k),
          new MatrixView(c, cOffset, n),
          m,
          k,
          n,
          accumulate);
    }
  }

  /** y += α·x over whole arrays of equal length. */
  public static void axpy(float alpha, float[] x, float[] y) {
    axpy(alpha, x, 0, y, 0, KernelBounds.sameLength(x, y));
  }

  /** y[yOffset + i] += α·x[xOffset + i] for i in [0, length). */
  public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
    if (VECTOR) {
      VectorKernels.axpy(alpha, x, xOffset, y, yOffset, length);
    } else {
      ScalarKernels.axpy(alpha, x, xOffset, y, yOffset, length);
    }
  }

  /** Σ_i x[i]·y[i] over whole arrays of equal length. */
  public static float dot(float[] x, float[] y) {
    return dot(x, 0, y, 0, KernelBounds.sameLength(x, y));
  }

  /** Σ_i x[xOffset + i]·y[yOffset + i] for i in [0, length). */
  public static float dot(float[] x, int xOffset, float[] y, int yOffset, int length) {
    return VECTOR
        ? VectorKernels.dot(x, xOffset, y, yOffset, length)
        : ScalarKernels.dot(x, xOffset, y, yOffset, length);
  }

  /** out = α·in over whole arrays of equal length. */
  public static void scale(float alpha, float[] in, float[] out) {
    scale(alpha, in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = α·in[inOffset + i] for i in [0, length). */
  public static void scale(
      float alpha, float[] in, int inOffset, float[] out, int outOffset, int length) {
    if (VECTOR) {
      VectorKernels.scale(alpha, in, inOffset, out, outOffset, length);
    } else {
      ScalarKernels.scale(alpha, in, inOffset, out, outOffset, length);
    }
  }

  /** out[outOffset + i] = exp(α·in[inOffset + i]) for i in [0, length). */
  public static void expScaled(
      float alpha, float[] in, int inOffset, float[] out, int outOffset, int length) {
    if (VECTOR) {
      VectorKernels.expScaled(alpha, in, inOffset, out, outOffset, length);
    } else {
      ScalarKernels.expScaled(alpha, in, inOffset, out, outOffset, length);
    }
  }

  /**
   * a[offset + i] = ELU(a[offset + i]) = x &gt; 0 ? x : eˣ − 1 for i in [0, length), in place: the
   * same bits in every JIT state on either path ({@link VectorKernels#elu} builds eˣ − 1 from
   * VectorMath's tanh; the scalar fallback calls {@code StrictMath.expm1}), which a recomputed
   * unroll needs. (The Vector API's EXPM1 and {@code Math.expm1} may differ in the last bit between
   * compiled and interpreted code.)
   */
  public static void elu(float[] a, int offset, int length) {
    if (VECTOR) {
      VectorKernels.elu(a, offset, length);
    } else {
      ScalarKernels.elu(a, offset, length);
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
    if (VECTOR) {
      VectorKernels.add(a, aOffset, b, bOffset, out, outOffset, length);
    } else {
      ScalarKernels.add(a, aOffset, b, bOffset, out, outOffset, length);
    }
  }

  /** out = σ(in) over whole arrays of equal length. */
  public static void sigmoid(float[] in, float[] out) {
    sigmoid(in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = σ(in[inOffset + i]) for i in [0, length). */
  public static void sigmoid(float[] in, int inOffset, float[] out, int outOffset, int length) {
    if (VECTOR) {
      VectorKernels.sigmoid(in, inOffset, out, outOffset, length);
    } else {
      ScalarKernels.sigmoid(in, inOffset, out, outOffset, length);
    }
  }

  /** out = tanh(in) over whole arrays of equal length. */
  public static void tanh(float[] in, float[] out) {
    tanh(in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = tanh(in[inOffset + i]) for i in [0, length). */
  public static void tanh(float[] in, int inOffset, float[] out, int outOffset, int length) {
    if (VECTOR) {
      VectorKernels.tanh(in, inOffset, out, outOffset, length);
    } else {
      ScalarKernels.tanh(in, inOffset, out, outOffset, length);
    }
  }

  /** out = max(in, 0) over whole arrays of equal length. */
  public static void relu(float[] in, float[] out) {
    relu(in, 0, out, 0, KernelBounds.sameLength(in, out));
  }

  /** out[outOffset + i] = max(in[inOffset + i], 0) for i in [0, length). */
  public static void relu(float[] in, int inOffset, float[] out, int outOffset, int length) {
    if (VECTOR) {
      VectorKernels.relu(in, inOffset, out, outOffset, length);
    } else {
      ScalarKernels.relu(in, inOffset, out, outOffset, length);
    }
  }

  /** Σ_i x[i]² over the whole array. */
  public static float sumOfSquares(float[] x) {
    return sumOfSquares(x, 0, x.length);
  }

  /** Σ_i x[offset + i]² for i in [0, length). */
  public static float sumOfSquares(float[] x, int offset, int length) {
    return VECTOR
        ? VectorKernels.sumOfSquares(x, offset, length)
        : ScalarKernels.sumOfSquares(x, offset, length);
  }
}
