package io.learnopt.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The elementwise and reduction kernels against the scalar reference, over lengths and offsets. */
class VectorKernelsElementwiseTest {
  private static final int[] LENGTHS = {0, 1, 3, 15, 16, 17, 33, 100, 1000};

  /** One kernel on x (and y) at offsets, its result in out; a reduction returns its value. */
  interface Kernel {
    float run(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n);
  }

  /** The shape of axpy and scale: α, then one operand read and one written. */
  interface Scaled {
    void run(float alpha, float[] x, int xo, float[] y, int yo, int n);
  }

  /** The shape of the activations. */
  interface Unary {
    void run(float[] x, int xo, float[] out, int oo, int n);
  }

  /** The shape of add. */
  interface Binary {
    void run(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n);
  }

  /** The shape of dot. */
  interface Reduction {
    float run(float[] x, int xo, float[] y, int yo, int n);
  }

  /** The shape of sumOfSquares. */
  interface Norm {
    float run(float[] x, int xo, int n);
  }

  /** Each kernel, the vector way and the scalar way. */
  enum Op {
    AXPY(axpy(VectorKernels::axpy), axpy(ScalarKernels::axpy)),
    DOT(reduction(VectorKernels::dot), reduction(ScalarKernels::dot)),
    SCALE(scale(VectorKernels::scale), scale(ScalarKernels::scale)),
    ADD(binary(VectorKernels::add), binary(ScalarKernels::add)),
    SIGMOID(unary(VectorKernels::sigmoid), unary(ScalarKernels::sigmoid)),
    TANH(unary(VectorKernels::tanh), unary(ScalarKernels::tanh)),
    RELU(unary(VectorKernels::relu), unary(ScalarKernels::relu)),
    SUM_OF_SQUARES(norm(VectorKernels::sumOfSquares), norm(ScalarKernels::sumOfSquares));

    final Kernel vector;
    final Kernel scalar;

    Op(Kernel vector, Kernel scalar) {
      this.vector = vector;
      this.scalar = scalar;
    }

    /** out = y, then out += −1.75·x. */
    private static Kernel axpy(Scaled f) {
      return (x, xo, y, yo, out, oo, n) -> {
        System.arraycopy(y, yo, out, oo, n);
        f.run(-1.75f, x, xo, out, oo, n);
        return 0;
      };
    }

    private static Kernel scale(Scaled f) {
      return (x, xo, y, yo, out, oo, n) -> {
        f.run(0.3f, x, xo, out, oo, n);
        return 0;
      };
    }

    private static Kernel unary(Unary f) {
      return (x, xo, y, yo, out, oo, n) -> {
        f.run(x, xo, out, oo, n);
        return 0;
      };
    }

    private static Kernel binary(Binary f) {
      return (x, xo, y, yo, out, oo, n) -> {
        f.run(x, xo, y, yo, out, oo, n);
        return 0;
      };
    }

    private static Kernel reduction(Reduction f) {
      return (x, xo, y, yo, out, oo, n) -> f.run(x, xo, y, yo, n);
    }

    private static Kernel norm(Norm f) {
      return (x, xo, y, yo, out, oo, n) -> f.run(x, xo, n);
    }
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void matchesScalarOverLengthsAndOffsets(Op op) {
    Rng rng = new Rng(5);
    for (int n : LENGTHS) {
      int xo = rng.nextInt(7), yo = rng.nextInt(7), oo = rng.nextInt(7);
      float[] x = inputs(rng, xo + n + 3);
      float[] y = inputs(rng, yo + n + 3);
      float[] outScalar = new float[oo + n + 3];
      Arrays.fill(outScalar, Float.NaN);
      float[] outVector = outScalar.clone();
      float expected = op.scalar.run(x, xo, y, yo, outScalar, oo, n);
      float actual = op.vector.run(x, xo, y, yo, outVector, oo, n);
      String where = op + " length " + n;
      // Reductions: float sums in another order, error grows like n·ε·Σ|terms|.
      assertEquals(
          expected, actual, 1e-5 * Math.max(1, n) * Math.max(1, Math.abs(expected)), where);
      for (int i = 0; i < outScalar.length; i++) {
        boolean inside = i >= oo && i < oo + n;
        if (!inside) {
          assertTrue(Float.isNaN(outVector[i]), where + ": wrote outside out at " + i);
        } else if (!Float.isNaN(outScalar[i])) { // reductions leave out untouched
          float e = outScalar[i];
          assertEquals(e, outVector[i], 1e-6 + 1e-5 * Math.abs(e), where + ": element " + i);
        }
      }
    }
  }

  /** Each whole-array overload is its offset form over the whole arrays. */
  @Test
  void wholeArrayOverloadsAgree() {
    Rng rng = new Rng(9);
    int n = 37;
    float[] x = inputs(rng, n), y = inputs(rng, n);
    float[] s = new float[n], v = new float[n];
    ScalarKernels.sigmoid(x, 0, s, 0, n);
    VectorKernels.sigmoid(x, v);
    assertArrayClose(s, v);
    ScalarKernels.tanh(x, 0, s, 0, n);
    VectorKernels.tanh(x, v);
    assertArrayClose(s, v);
    ScalarKernels.relu(x, 0, s, 0, n);
    VectorKernels.relu(x, v);
    assertArrayClose(s, v);
    ScalarKernels.add(x, 0, y, 0, s, 0, n);
    VectorKernels.add(x, y, v);
    assertArrayClose(s, v);
    ScalarKernels.scale(2f, x, 0, s, 0, n);
    VectorKernels.scale(2f, x, v);
    assertArrayClose(s, v);
    ScalarKernels.axpy(0.5f, y, 0, s, 0, n);
    VectorKernels.axpy(0.5f, y, v);
    assertArrayClose(s, v);
    assertEquals(ScalarKernels.dot(x, 0, y, 0, n), VectorKernels.dot(x, y), 1e-4);
    assertEquals(ScalarKernels.sumOfSquares(x, 0, n), VectorKernels.sumOfSquares(x), 1e-3);
  }

  @Test
  void inPlaceCallsWork() {
    float[] x = new float[21];
    for (int i = 0; i < x.length; i++) {
      x[i] = i - 10;
    }
    VectorKernels.relu(x, x);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Math.max(i - 10, 0), x[i]);
    }
  }

  @Test
  void sigmoidSaturatesWithoutNaN() {
    float[] x = {-1000f, -100f, -88f, 0f, 88f, 100f, 1000f};
    float[] padded = new float[64];
    System.arraycopy(x, 0, padded, 0, x.length);
    Arrays.fill(padded, x.length, padded.length, -1000f);
    float[] out = new float[64];
    VectorKernels.sigmoid(padded, out);
    assertEquals(0f, out[0]);
    assertEquals(0.5f, out[3]);
    assertEquals(1f, out[6]);
    for (float o : out) {
      assertTrue(o >= 0f && o <= 1f, "sigmoid out of [0,1]: " + o);
    }
  }

  @Test
  void rejectsMismatchedLengths() {
    assertThrows(
        IllegalArgumentException.class,
        () -> VectorKernels.add(new float[3], new float[4], new float[3]));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> VectorKernels.axpy(1f, new float[3], 1, new float[3], 0, 3));
  }

  /** Gaussian with std 4 (so sigmoid and tanh see their tails), length n. */
  private static float[] inputs(Rng rng, int n) {
    float[] x = new float[n];
    rng.fillGaussian(x, 0f, 4f);
    return x;
  }

  private static void assertArrayClose(float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-6 + 1e-5 * Math.abs(expected[i]), "element " + i);
    }
  }
}
