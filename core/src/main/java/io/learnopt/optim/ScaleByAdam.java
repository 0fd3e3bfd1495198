package io.learnopt.optim;

/**
 * Adam's step without the learning rate (Kingma &amp; Ba 2015, "Adam: A method for stochastic
 * optimization", Algorithm 1; optax's {@code scale_by_adam}):
 *
 * <pre>
 *   t ← t + 1
 *   m ← β₁·m + (1 − β₁)·g            (m₀ = 0)
 *   v ← β₂·v + (1 − β₂)·g²           (v₀ = 0)
 *   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
 *   u = m̂ / (√v̂ + ε)
 * </pre>
 *
 * <p>The bias correction undoes the pull of the zero initial moments: at t = 1, m̂ = g and v̂ = g²,
 * so u = g/(|g| + ε) ≈ sign(g). ε is added to √v̂ as in Algorithm 1 (and PyTorch), not to √v as in
 * the paper's "more efficient" reordering, which changes what ε means early on. Saved as {@code m},
 * {@code v} and the step count {@code t}.
 *
 * @param beta1 the decay β₁ of the first moment, in [0, 1)
 * @param beta2 the decay β₂ of the second moment, in [0, 1)
 * @param eps ε, {@code > 0}
 */
public record ScaleByAdam(double beta1, double beta2, double eps) implements Scalable {
  private static final String NAME = "scaleByAdam";

  /** Validates the hyper-parameters. */
  public ScaleByAdam {
    check(new HyperParameters(NAME), beta1, beta2, eps);
  }

  /** The range checks of β₁, β₂ and ε, shared with the rule built on this transformation. */
  static HyperParameters check(HyperParameters checks, double beta1, double beta2, double eps) {
    return checks.decayRate("beta1", beta1).decayRate("beta2", beta2).positive("eps", eps);
  }

  @Override
  public GradientTransform.State init(int coordinates) {
    return ArrayState.counted(NAME, coordinates, "t", "m", "v").nonNegative("v");
  }

  @Override
  public void apply(
      float[] grad, float[] params, GradientTransform.State state, float[] out, double factor) {
    ArrayState s = ArrayState.checked(NAME, state, grad, params, out);
    float[] m = s.array(0);
    float[] v = s.array(1);
    long t = ++s.count;
    // Scalars in double, then rounded once: 1 − β₂ᵗ is 0.001 at t = 1, and forming it in float
    // from 0.999f would carry a 1.3e-5 relative error into every coordinate's step.
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float oneMinusB1 = (float) (1 - beta1);
    float oneMinusB2 = (float) (1 - beta2);
    // u = (f/c₁)·m / (√v/√c₂ + ε): the corrections and the factor f (−lr in a rule) folded into
    // two scalars, as PyTorch does.
    float stepScale = (float) (factor / correction1);
    float invSqrtCorrection2 = (float) (1 / Math.sqrt(correction2));
    float e = (float) eps;
    for (int i = 0; i < m.length; i++) {
      float g = grad[i];
      float mi = b1 * m[i] + oneMinusB1 * g;
      float vi = b2 * v[i] + oneMinusB2 * g * g;
      m[i] = mi;
      v[i] = vi;
      out[i] = stepScale * mi / ((float) Math.sqrt(vi) * invSqrtCorrection2 + e);
    }
  }

  @Override
  public String name() {
    return NAME + "(" + beta1 + ", " + beta2 + ")";
  }
}
