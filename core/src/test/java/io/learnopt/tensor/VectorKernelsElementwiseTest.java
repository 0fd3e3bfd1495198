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

  /** One kernel, run the scalar or the vector way on x (and y) at offsets; the result is out. */
  enum Op {
    AXPY {
      @Override
      float run(boolean v, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        System.arraycopy(y, yo, out, oo, n);
        if (v) {
          VectorKernels.axpy(-1.75f, x, xo, out, oo, n);
        } else {
          ScalarKernels.axpy(-1.75f, x, xo, out, oo, n);
        }
        return 0;
      }
    },
    DOT {
      @Override
      float run(boolean v, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        return v ? VectorKernels.dot(x, xo, y, yo, n) : ScalarKernels.dot(x, xo, y, yo, n);
      }
    },
    SCALE {
      @Override
      float run(boolean v, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        if (v) {
          VectorKernels.scale(0.3f, x, xo, out, oo, n);
        } else {
          ScalarKernels.scale(0.3f, x, xo, out, oo, n);
        }
        return 0;
      }
    },
    ADD {
      @Override
      float run(boolean v, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        if (v) {
          VectorKernels.add(x, xo, y, yo, out, oo, n);
        } else {
          ScalarKernels.add(x, xo, y, yo, out, oo, n);
        }
        return 0;
      }
    },
    SIGMOID {
      @Override
      float run(boolean v, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        if (v) {
          VectorKernels.sigmoid(x, xo, out, oo, n);
        } else {
          ScalarKernels.sigmoid(x, xo, out, oo, n);
        }
        return 0;
      }
    },
    TANH {
      @Override
      float run(boolean v, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        if (v) {
          VectorKernels.tanh(x, xo, out, oo, n);
        } else {
          ScalarKernels.tanh(x, xo, out, oo, n);
        }
        return 0;
      }
    },
    RELU {
      @Override
      float run(boolean v, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        if (v) {
          VectorKernels.relu(x, xo, out, oo, n);
        } else {
          ScalarKernels.relu(x, xo, out, oo, n);
        }
        return 0;
      }
    },
    SUM_OF_SQUARES {
      @Override
      float run(boolean v, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        return v ? VectorKernels.sumOfSquares(x, xo, n) : ScalarKernels.sumOfSquares(x, xo, n);
      }
    };

    abstract float run(boolean v, float[] x, int xo, float[] y, int yo, float[] out, int oo, int n);
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
      float expected = op.run(false, x, xo, y, yo, outScalar, oo, n);
      float actual = op.run(true, x, xo, y, yo, outVector, oo, n);
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

  @Test
  void wholeArrayOverloadsAgree() {
    Rng rng = new Rng(9);
    float[] x = inputs(rng, 37), y = inputs(rng, 37);
    float[] s = new float[37], v = new float[37];
    ScalarKernels.sigmoid(x, s);
    VectorKernels.sigmoid(x, v);
    assertArrayClose(s, v);
    ScalarKernels.tanh(x, s);
    VectorKernels.tanh(x, v);
    assertArrayClose(s, v);
    ScalarKernels.relu(x, s);
    VectorKernels.relu(x, v);
    assertArrayClose(s, v);
    ScalarKernels.add(x, y, s);
    VectorKernels.add(x, y, v);
    assertArrayClose(s, v);
    ScalarKernels.scale(2f, x, s);
    VectorKernels.scale(2f, x, v);
    assertArrayClose(s, v);
    ScalarKernels.axpy(0.5f, y, s);
    VectorKernels.axpy(0.5f, y, v);
    assertArrayClose(s, v);
    assertEquals(ScalarKernels.dot(x, y), VectorKernels.dot(x, y), 1e-4);
    assertEquals(ScalarKernels.sumOfSquares(x), VectorKernels.sumOfSquares(x), 1e-3);
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
