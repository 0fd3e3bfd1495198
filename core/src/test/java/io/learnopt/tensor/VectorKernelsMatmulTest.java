package io.learnopt.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The three Vector API matrix products against the scalar reference, on awkward sizes. */
class VectorKernelsMatmulTest {
  private static final int[] ODD = {1, 3, 17, 33, 100};
  private static final float PAD = Float.NaN;

  /** A vector product: operands as arrays and offsets. */
  interface VectorProduct {
    void run(
        float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n, boolean acc);
  }

  /** A reference product: operands as views. */
  interface ScalarProduct {
    void run(MatrixView a, MatrixView b, MatrixView c, int m, int k, int n, boolean acc);
  }

  /** Which product: how A and B are stored for C[m×n] = op(A)·op(B). */
  enum Variant {
    PLAIN(VectorKernels::matmul, ScalarKernels::matmul, false, false),
    TRANS_A(VectorKernels::matmulTransA, ScalarKernels::matmulTransA, true, false),
    TRANS_B(VectorKernels::matmulTransB, ScalarKernels::matmulTransB, false, true);

    private final VectorProduct vector;
    private final ScalarProduct scalar;
    private final boolean transposeA;
    private final boolean transposeB;

    Variant(VectorProduct vector, ScalarProduct scalar, boolean transposeA, boolean transposeB) {
      this.vector = vector;
      this.scalar = scalar;
      this.transposeA = transposeA;
      this.transposeB = transposeB;
    }

    void run(boolean vector, Operands o, boolean acc) {
      if (vector) {
        this.vector.run(o.a, o.aOff, o.b, o.bOff, o.c, o.cOff, o.m, o.k, o.n, acc);
      } else {
        MatrixView a = new MatrixView(o.a, o.aOff, transposeA ? o.m : o.k);
        MatrixView b = new MatrixView(o.b, o.bOff, transposeB ? o.k : o.n);
        scalar.run(a, b, new MatrixView(o.c, o.cOff, o.n), o.m, o.k, o.n, acc);
      }
    }
  }

  /** A, B, C at offsets inside NaN-padded arrays: reading or writing the padding shows up. */
  record Operands(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
    static Operands random(Rng rng, int m, int k, int n, boolean offsets) {
      int aOff = offsets ? rng.nextInt(9) : 0;
      int bOff = offsets ? rng.nextInt(9) : 0;
      int cOff = offsets ? rng.nextInt(9) : 0;
      int tail = offsets ? rng.nextInt(5) : 0;
      float[] a = padded(rng, aOff, m * k, tail);
      float[] b = padded(rng, bOff, k * n, tail);
      float[] c = padded(rng, cOff, m * n, tail);
      return new Operands(a, aOff, b, bOff, c, cOff, m, k, n);
    }

    Operands copy() {
      return new Operands(a.clone(), aOff, b.clone(), bOff, c.clone(), cOff, m, k, n);
    }

    private static float[] padded(Rng rng, int offset, int size, int tail) {
      float[] x = new float[offset + size + tail];
      java.util.Arrays.fill(x, PAD);
      for (int i = 0; i < size; i++) {
        x[offset + i] = (float) rng.nextGaussian();
      }
      return x;
    }
  }

  static Stream<Arguments> variants() {
    List<Arguments> cases = new ArrayList<>();
    for (Variant v : Variant.values()) {
      cases.add(Arguments.of(v, false));
      cases.add(Arguments.of(v, true));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} accumulate={1}")
  @MethodSource("variants")
  void matchesScalarOnOddSizesWithOffsets(Variant variant, boolean accumulate) {
    Rng rng = new Rng(42);
    for (int m : ODD) {
      for (int k : ODD) {
        for (int n : ODD) {
          check(variant, accumulate, Operands.random(rng, m, k, n, true));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} accumulate={1}")
  @MethodSource("variants")
  void matchesScalarAroundVectorAndBlockEdges(Variant variant, boolean accumulate) {
    int l = VectorKernels.vectorLength();
    int[] widths = {l - 1, l, l + 1, 2 * l + 1, 3 * l, 3 * l + 1, 6 * l + 5};
    int[] depths = {1, 2, 255, 256, 257, 600};
    Rng rng = new Rng(7);
    for (int n : widths) {
      for (int k : depths) {
        for (int m : new int[] {4, 5, 7}) {
          check(variant, accumulate, Operands.random(rng, m, k, n, rng.nextInt(2) == 0));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} accumulate={1}")
  @MethodSource("variants")
  void emptyInnerDimensionGivesZeroOrLeavesC(Variant variant, boolean accumulate) {
    Operands o = Operands.random(new Rng(3), 3, 0, 5, false);
    float[] before = o.c.clone();
    variant.run(true, o, accumulate);
    for (int i = 0; i < o.c.length; i++) {
      assertEquals(accumulate ? before[i] : 0f, o.c[i], "C[" + i + "]");
    }
    variant.run(true, Operands.random(new Rng(3), 0, 4, 5, false), accumulate);
  }

  @Test
  void convenienceOverloadsOverwrite() {
    Rng rng = new Rng(11);
    int m = 5, k = 19, n = 21;
    float[] a = new float[m * k],
        b = new float[k * n],
        bt = new float[n * k],
        at = new float[k * m];
    rng.fillGaussian(a, 0, 1);
    rng.fillGaussian(b, 0, 1);
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        at[p * m + i] = a[i * k + p];
      }
    }
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < n; j++) {
        bt[j * k + p] = b[p * n + j];
      }
    }
    float[] expected = new float[m * n];
    ScalarKernels.matmul(
        new MatrixView(a, 0, k),
        new MatrixView(b, 0, n),
        new MatrixView(expected, 0, n),
        m,
        k,
        n,
        false);
    float[] c = new float[m * n];
    java.util.Arrays.fill(c, 99f);
    VectorKernels.matmul(a, b, c, m, k, n);
    assertClose(expected, c, k, "matmul");
    java.util.Arrays.fill(c, 99f);
    VectorKernels.matmulTransA(at, b, c, m, k, n);
    assertClose(expected, c, k, "matmulTransA");
    java.util.Arrays.fill(c, 99f);
    VectorKernels.matmulTransB(a, bt, c, m, k, n);
    assertClose(expected, c, k, "matmulTransB");
  }

  @Test
  void rejectsOperandsThatDoNotFit() {
    float[] a = new float[6], b = new float[6], c = new float[4];
    IndexOutOfBoundsException e =
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> VectorKernels.matmul(a, 1, b, 0, c, 0, 2, 3, 2, false));
    assertTrue(e.getMessage().startsWith("A:"), e.getMessage());
    MatrixView av = new MatrixView(a, 0, 3);
    MatrixView bv = new MatrixView(b, 0, 2);
    MatrixView cv = new MatrixView(c, 0, 2);
    assertThrows(
        IllegalArgumentException.class, () -> ScalarKernels.matmul(av, bv, cv, -1, 3, 2, false));
    // 2×3 of A at offset 1 runs past its 6 floats, for the reference too.
    IndexOutOfBoundsException scalar =
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> ScalarKernels.matmul(new MatrixView(a, 1, 3), bv, cv, 2, 3, 2, false));
    assertTrue(scalar.getMessage().startsWith("A:"), scalar.getMessage());
  }

  private static void check(Variant variant, boolean accumulate, Operands o) {
    Operands expected = o.copy();
    variant.run(false, expected, accumulate);
    Operands actual = o.copy();
    variant.run(true, actual, accumulate);
    String where = variant + " m=" + o.m + " k=" + o.k + " n=" + o.n + " acc=" + accumulate;
    for (int i = 0; i < o.c.length; i++) {
      boolean inside = i >= o.cOff && i < o.cOff + o.m * o.n;
      if (!inside) {
        if (!Float.isNaN(actual.c[i])) {
          fail(where + ": wrote outside C at index " + i);
        }
        continue;
      }
      float e = expected.c[i];
      float v = actual.c[i];
      if (!(Math.abs(v - e) <= tolerance(o.k, e))) {
        fail(where + ": C[" + (i - o.cOff) + "] = " + v + ", reference " + e);
      }
    }
  }

  private static void assertClose(float[] expected, float[] actual, int k, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertTrue(
          Math.abs(expected[i] - actual[i]) <= tolerance(k, expected[i]),
          what + ": element " + i + " = " + actual[i] + ", reference " + expected[i]);
    }
  }

  /** Relative 1e-5 per term of the inner sum, on the scale of the result (at least 1). */
  private static double tolerance(int k, float reference) {
    return 1e-5 * Math.max(k, 1) * Math.max(1.0, Math.abs(reference));
  }
}
