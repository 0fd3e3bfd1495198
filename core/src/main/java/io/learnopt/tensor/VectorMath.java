package io.learnopt.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reproducible vector math on {@code FloatVector.SPECIES_PREFERRED}: lane sums, tanh and σ built
 * only from operations that are exactly rounded in every JIT tier (+, −, ×, ÷, fma, abs, compares,
 * blends and mask ORs, integer AND/OR on the sign bit, lane moves). The Vector API's own EXP, TANH
 * and reduceLanes(ADD) are SVML intrinsics or tree reductions once C2 compiles them but per-lane
 * Math calls or in-order loops before, so their last bits — and with them a whole meta-training run
 * — would depend on when the JIT kicked in. With these, the same seed gives the same bits.
 */
public final class VectorMath {
  /** The species every kernel uses. */
  public static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private static final int V = S.length();

  private VectorMath() {}

  /** Shuffles moving lane i + h to lane i, for h = V/2, V/4, …, 1. */
  private static final VectorShuffle<Float>[] FOLDS = folds();

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[] folds() {
    int count = Integer.numberOfTrailingZeros(V);
    VectorShuffle<Float>[] folds = new VectorShuffle[count];
    for (int f = 0; f < count; f++) {
      int h = V >> (f + 1);
      folds[f] = VectorShuffle.fromOp(S, i -> (i + h) % V);
    }
    return folds;
  }

  /**
   * The sum of the lanes by a fixed pairwise tree. reduceLanes(ADD) leaves the order open (C2 and
   * the interpreter add in different orders), which would change the last bit from one JIT tier to
   * another; a fixed sequence of exactly rounded adds gives the same bits in every tier.
   */
  public static float sumLanes(FloatVector v) {
    for (VectorShuffle<Float> fold : FOLDS) {
      v = v.add(v.rearrange(fold));
    }
    return v.lane(0);
  }

  /** Beyond this tanh rounds to ±1 in float; the rational form is evaluated up to it. */
  private static final float TANH_CLAMP = 9f;

  /**
   * out[outOff + i] = outScale·tanh(inScale·in[inOff + i]) + outShift for i &lt; n: tanh with (1,
   * 1, 0), the logistic σ(x) = ½·tanh(x/2) + ½ with (½, ½, ½), in place if the ranges coincide.
   *
   * <p>tanh is the odd 13/6 rational minimax approximation p(x)/q(x) that Eigen, XLA and ONNX
   * Runtime's MLAS use: 11 FMAs and one division, no exponential, within a few float ulps, odd (so
   * small arguments keep their relative accuracy), exactly ±1 for |x| ≥ 9, NaN for NaN; σ is then
   * within 3·10⁻⁷ and exactly 0 and 1 beyond ±18.
   *
   * <p>Arrays in, arrays out on purpose: C2 gives up inlining once a method grows past its node
   * budget, and a vector passed to a method that was not inlined is boxed on the heap. Loops that
   * take arrays cost one call when not inlined, never an allocation; nothing here passes a vector
   * to another method. The tail runs the same arithmetic in scalars (same bits as a lane).
   */
  public static void tanh(
      float[] in,
      int inOff,
      float inScale,
      float outScale,
      float outShift,
      float[] out,
      int outOff,
      int n) {
    FloatVector scaleIn = FloatVector.broadcast(S, inScale);
    FloatVector scaleOut = FloatVector.broadcast(S, outScale);
    FloatVector shift = FloatVector.broadcast(S, outShift);
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += V) {
      FloatVector x = FloatVector.fromArray(S, in, inOff + i).mul(scaleIn);
      // tanh of |x|, then x's sign put back: the rational form is exactly odd (x² and the division
      // do not see the sign), so this gives the bits of evaluating it at x, with one clamp to 1
      // instead of a clamp at each end of both the input and output ranges.
      FloatVector ax = x.abs();
      FloatVector x2 = ax.mul(ax);
      FloatVector p = x2.fma(T13, T11);
      p = p.fma(x2, FloatVector.broadcast(S, T9));
      p = p.fma(x2, FloatVector.broadcast(S, T7));
      p = p.fma(x2, FloatVector.broadcast(S, T5));
      p = p.fma(x2, FloatVector.broadcast(S, T3));
      p = p.fma(x2, FloatVector.broadcast(S, T1));
      FloatVector q = x2.fma(B6, B4);
      q = q.fma(x2, FloatVector.broadcast(S, B2));
      q = q.fma(x2, FloatVector.broadcast(S, B0));
      FloatVector t = p.mul(ax).div(q);
      // Beyond the clamp the rational form is meaningless (it may even overflow); just below it
      // it overshoots 1 by an ulp or two. NaN fails both compares and stays NaN.
      t =
          t.blend(
              one,
              t.compare(VectorOperators.GT, 1f).or(ax.compare(VectorOperators.GT, TANH_CLAMP)));
      IntVector sign = x.reinterpretAsInts().and(SIGN_BIT);
      t = t.reinterpretAsInts().or(sign).reinterpretAsFloats();
      t.fma(scaleOut, shift).intoArray(out, outOff + i);
    }
    // The tail in scalars, with the same exactly rounded operations in the same order as one lane
    // above, so it gives the same bits.
    for (; i < n; i++) {
      float x = in[inOff + i] * inScale;
      float ax = Math.abs(x);
      float x2 = ax * ax;
      float p = Math.fma(x2, T13, T11);
      p = Math.fma(p, x2, T9);
      p = Math.fma(p, x2, T7);
      p = Math.fma(p, x2, T5);
      p = Math.fma(p, x2, T3);
      p = Math.fma(p, x2, T1);
      float q = Math.fma(x2, B6, B4);
      q = Math.fma(q, x2, B2);
      q = Math.fma(q, x2, B0);
      float t = p * ax / q;
      if (t > 1f || ax > TANH_CLAMP) {
        t = 1f;
      }
      out[outOff + i] = Math.fma(Math.copySign(t, x), outScale, outShift);
    }
  }

  private static final int SIGN_BIT = 0x8000_0000;

  // The rational tanh's coefficients: p(x) = x·(T1 + T3·x² + … + T13·x¹²), q(x) = B0 + … + B6·x⁶.
  private static final float T1 = 4.89352455891786e-03f;
  private static final float T3 = 6.37261928875436e-04f;
  private static final float T5 = 1.48572235717979e-05f;
  private static final float T7 = 5.12229709037114e-08f;
  private static final float T9 = -8.60467152213735e-11f;
  private static final float T11 = 2.00018790482477e-13f;
  private static final float T13 = -2.76076847742355e-16f;
  private static final float B0 = 4.89352518554385e-03f;
  private static final float B2 = 2.26843463243900e-03f;
  private static final float B4 = 1.18534705686654e-04f;
  private static final float B6 = 1.19825839466702e-06f;

  /** out[outOff + i] = tanh(in[inOff + i]) for i &lt; n (see the general form above). */
  public static void tanh(float[] in, int inOff, float[] out, int outOff, int n) {
    tanh(in, inOff, 1f, 1f, 0f, out, outOff, n);
  }

  /** out[outOff + i] = σ(in[inOff + i]) = ½·tanh(in/2) + ½ for i &lt; n. */
  public static void sigmoid(float[] in, int inOff, float[] out, int outOff, int n) {
    tanh(in, inOff, 0.5f, 0.5f, 0.5f, out, outOff, n);
  }
}
