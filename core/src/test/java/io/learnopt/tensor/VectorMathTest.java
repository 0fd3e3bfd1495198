package io.learnopt.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The reproducible vector math against java.lang.Math over its whole useful range. */
class VectorMathTest {
  private static final int V = VectorMath.S.length();

  private interface ArrayOp {
    void apply(float[] in, int inOff, float[] out, int outOff, int n);
  }

  /** The op on xs, element by element, from odd offsets and lengths to exercise the scalar tail. */
  private static float[] map(ArrayOp op, float... xs) {
    float[] in = new float[xs.length + 3];
    System.arraycopy(xs, 0, in, 3, xs.length);
    float[] out = new float[xs.length + 1];
    op.apply(in, 3, out, 1, xs.length);
    return java.util.Arrays.copyOfRange(out, 1, out.length);
  }

  @Test
  void tanhAndSigmoidAreAccurateEverywhere() {
    for (float x = -20f; x <= 20f; x += 0.0373f) {
      assertEquals(Math.tanh(x), map(VectorMath::tanh, x)[0], 3e-7, "tanh(" + x + ")");
      assertEquals(
          1 / (1 + Math.exp(-x)), map(VectorMath::sigmoid, x)[0], 3e-7, "sigmoid(" + x + ")");
    }
    float[] r = map(VectorMath::sigmoid, -1000f, 1000f);
    assertEquals(0f, r[0]);
    assertEquals(1f, r[1]);
    float[] t = map(VectorMath::tanh, 1e-20f, -1e-20f, Float.NaN, 100f, -100f);
    assertEquals(1e-20f, t[0], 2 * Math.ulp(1e-20f));
    assertEquals(-1e-20f, t[1], 2 * Math.ulp(1e-20f));
    assertTrue(Float.isNaN(t[2]));
    assertEquals(1f, t[3]);
    assertEquals(-1f, t[4]);
    float[] xs = new float[1001];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = -20f + 0.04f * i;
    }
    float[] whole = map(VectorMath::tanh, xs);
    for (int i = 0; i < xs.length; i++) {
      assertEquals(Math.tanh(xs[i]), whole[i], 3e-7, "tanh(" + xs[i] + ") in a long array");
    }
    for (float x = 1e-6f; x < 1f; x *= 1.7f) {
      float rel = (float) Math.abs(map(VectorMath::tanh, x)[0] / Math.tanh(x) - 1);
      assertTrue(rel < 5e-7, "relative error " + rel + " of tanh(" + x + ")");
    }
  }

  @Test
  void sumLanesAddsEveryLane() {
    float[] lanes = new float[V];
    double exact = 0;
    for (int i = 0; i < V; i++) {
      lanes[i] = (i + 1) * 0.5f;
      exact += lanes[i];
    }
    assertEquals(exact, VectorMath.sumLanes(FloatVector.fromArray(VectorMath.S, lanes, 0)), 0.0);
  }
}
