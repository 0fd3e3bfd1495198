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

  /**
   * The straightforward form: clamp x to [−9, 9], evaluate the rational form at x, clamp the result
   * to [−1, 1]. The kernel evaluates it at |x| and restores the sign, which must give these bits.
   */
  private static float clampedRational(float x, float inScale, float outScale, float outShift) {
    float c = Math.min(Math.max(x * inScale, -9f), 9f);
    float x2 = c * c;
    float p = Math.fma(x2, -2.76076847742355e-16f, 2.00018790482477e-13f);
    p = Math.fma(p, x2, -8.60467152213735e-11f);
    p = Math.fma(p, x2, 5.12229709037114e-08f);
    p = Math.fma(p, x2, 1.48572235717979e-05f);
    p = Math.fma(p, x2, 6.37261928875436e-04f);
    p = Math.fma(p, x2, 4.89352455891786e-03f);
    float q = Math.fma(x2, 1.19825839466702e-06f, 1.18534705686654e-04f);
    q = Math.fma(q, x2, 2.26843463243900e-03f);
    q = Math.fma(q, x2, 4.89352518554385e-03f);
    // tanh is the general form with out = 1·t + 0, which also turns −0 into +0.
    return Math.fma(Math.min(Math.max(p * c / q, -1f), 1f), outScale, outShift);
  }

  @Test
  void tanhAndSigmoidGiveTheBitsOfTheClampedRationalForm() {
    // Every float in [8, 9.5] (where the rational form overshoots 1 and the clamp sits), both
    // signs, and a log-spaced sweep over the rest, plus the special values.
    int lo = Float.floatToIntBits(8f);
    int hi = Float.floatToIntBits(9.5f);
    float[] xs = new float[2 * (hi - lo + 1) + 2 * 4000 + 6];
    int n = 0;
    for (int bits = lo; bits <= hi; bits++) {
      xs[n++] = Float.intBitsToFloat(bits);
      xs[n++] = -Float.intBitsToFloat(bits);
    }
    for (int i = 0; i < 4000; i++) {
      float x = (float) Math.pow(10, -30 + i * 0.01);
      xs[n++] = x;
      xs[n++] = -x;
    }
    float[] specials = {
      0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e38f
    };
    System.arraycopy(specials, 0, xs, n, specials.length);
    assertBits(VectorMath::tanh, xs, 1f, 1f, 0f, "tanh");
    // σ(x) = ½·tanh(x/2) + ½: its clamp sits at |x| = 18.
    float[] doubled = new float[xs.length];
    for (int i = 0; i < xs.length; i++) {
      doubled[i] = 2 * xs[i];
    }
    assertBits(VectorMath::sigmoid, doubled, 0.5f, 0.5f, 0.5f, "sigmoid");
  }

  /**
   * The op's bits on every x, through the vector loop (the whole array at once) and through the
   * scalar tail (one element per call, shorter than a vector), against the reference.
   */
  private static void assertBits(
      ArrayOp op, float[] xs, float inScale, float outScale, float outShift, String name) {
    float[] vector = map(op, xs);
    float[] one = new float[1];
    for (int i = 0; i < xs.length; i++) {
      int expected = Float.floatToIntBits(clampedRational(xs[i], inScale, outScale, outShift));
      assertEquals(expected, Float.floatToIntBits(vector[i]), name + "(" + xs[i] + ")");
      op.apply(xs, i, one, 0, 1);
      assertEquals(expected, Float.floatToIntBits(one[0]), name + "(" + xs[i] + ") in the tail");
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
