package io.learnopt.optim;

/**
 * Division by the root of a decaying mean of squared gradients, RMSProp's step (Tieleman &amp;
 * Hinton 2012, Coursera NN lecture 6.5; optax's {@code scale_by_rms}), as PyTorch's {@code RMSprop}
 * computes it:
 *
 * <pre>
 *   s ← ρ·s + (1 − ρ)·g²      (s₀ = 0)
 *   u = g / (√s + ε)
 * </pre>
 *
 * <p>Variants differ in details that matter early in a run; this is PyTorch's (ε outside the root,
 * s₀ = 0, no centering), so results can be checked against it. With s₀ = 0 the first steps are
 * large (|u| ≈ 1/√(1−ρ) at step 1), which is one reason Adam adds bias correction. Saved as {@code
 * s}.
 *
 * @param decay ρ, in [0, 1)
 * @param eps ε, added to the root for stability, {@code > 0}
 */
public record ScaleByRms(double decay, double eps) implements Scalable {
  private static final String NAME = "scaleByRms";

  /** Validates the hyper-parameters. */
  public ScaleByRms {
    check(new HyperParameters(NAME), decay, eps);
  }

  /** The range checks of ρ and ε, shared with the rule built on this transformation. */
  static HyperParameters check(HyperParameters checks, double decay, double eps) {
    return checks.decayRate("decay", decay).positive("eps", eps);
  }

  @Override
  public GradientTransform.State init(int coordinates) {
    return ArrayState.of(NAME, coordinates, "s").nonNegative("s");
  }

  @Override
  public void apply(
      float[] grad, float[] params, GradientTransform.State state, float[] out, double factor) {
    float[] s = ArrayState.checked(NAME, state, grad, params, out).array(0);
    float rho = (float) decay;
    // 1 − ρ in double before rounding: 1f − 0.9f would carry the rounding error of 0.9f.
    float oneMinusRho = (float) (1 - decay);
    float f = (float) factor;
    float e = (float) eps;
    for (int i = 0; i < s.length; i++) {
      float g = grad[i];
      float si = rho * s[i] + oneMinusRho * g * g;
      s[i] = si;
      out[i] = f * g / ((float) Math.sqrt(si) + e);
    }
  }

  @Override
  public String name() {
    return NAME + "(" + decay + ")";
  }
}
