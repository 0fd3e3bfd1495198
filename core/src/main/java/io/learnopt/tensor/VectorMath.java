package io.learnopt.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reproducible vector math on {@code FloatVector.SPECIES_PREFERRED}: lane sums, e^x, tanh and σ
 * built only from operations that are exactly rounded in every JIT tier (+, −, ×, ÷, fma, min, max,
 * lane moves, integer bit operations). The Vector API's own EXP, TANH and reduceLanes(ADD) are SVML
 * intrinsics or tree reductions once C2 compiles them but per-lane Math calls or in-order loops
 * before, so their last bits — and with them a whole meta-training run — would depend on when the
 * JIT kicked in. With these, the same seed gives the same bits.
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

  public static FloatVector sigmoid(FloatVector z) {
    // σ(z) = 1 / (1 + e^{−z}).
    return FloatVector.broadcast(S, 1f).div(exp(z.neg()).add(1f));
  }

  // The Vector API's EXP and TANH are SVML intrinsics in C2 but per-lane Math calls in the
  // interpreter and C1, and the two differ in the last bit, so results would depend on when the
  // JIT compiles this class. These use only +, −, ×, ÷, fma, min/max and integer bit operations,
  // which are exactly rounded in every tier: the same inputs always give the same bits.

  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;

  /** 1.5·2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
  private static final float ROUND = 12582912f;

  /**
   * e^x (Cephes expf: x = k·ln2 + r, |r| ≤ ln2/2, e^r by a degree-7 polynomial). Like Math.exp it
   * gives +∞ above 88.72 and 0 below −87 (flushing what would be subnormal; the polynomial runs on
   * the clamped range [−87, 88] and the edges are patched in), and NaN for NaN.
   */
  public static FloatVector exp(FloatVector input) {
    FloatVector x = input.max(-87f).min(88.37626f);
    FloatVector k = x.fma(LOG2E, ROUND).sub(ROUND);
    FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), x);
    r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
    FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
    p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
    p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
    p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
    p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
    p = p.fma(r.mul(r), r).add(1f);
    IntVector bits =
        ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
    FloatVector result = p.mul(bits.reinterpretAsFloats());
    result = result.blend(Float.POSITIVE_INFINITY, input.compare(VectorOperators.GT, 88.72284f));
    return result.blend(0f, input.compare(VectorOperators.LT, -87f));
  }

  /** tanh x: Cephes tanhf's odd polynomial for |x| < 0.625, else 1 − 2/(e^{2|x|} + 1). */
  public static FloatVector tanh(FloatVector x) {
    FloatVector a = x.abs();
    FloatVector large =
        FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)));
    FloatVector z = x.mul(x);
    FloatVector p = z.fma(-5.70498872745e-3f, 2.06390887954e-2f);
    p = p.fma(z, FloatVector.broadcast(S, -5.37397155531e-2f));
    p = p.fma(z, FloatVector.broadcast(S, 1.33314422036e-1f));
    p = p.fma(z, FloatVector.broadcast(S, -3.33332819422e-1f));
    FloatVector small = p.mul(z).fma(x, x);
    FloatVector signedLarge = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
    return signedLarge.blend(small, a.compare(VectorOperators.LT, 0.625f));
  }
}
