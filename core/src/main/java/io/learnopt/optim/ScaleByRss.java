package io.learnopt.optim;

/**
 * Division by the root of the running sum of squared gradients, AdaGrad's step (Duchi, Hazan &amp;
 * Singer 2011, "Adaptive subgradient methods for online learning and stochastic optimization",
 * diagonal version; optax's {@code scale_by_rss}), as PyTorch's {@code Adagrad} computes it:
 *
 * <pre>
 *   s ← s + g²         (s₀ = initialAccumulator)
 *   u = g / (√s + ε)
 * </pre>
 *
 * <p>The sum never decays, so steps only shrink; a positive initial accumulator bounds the first
 * steps (|u| ≤ |g|/√s₀). The sum stays in float like PyTorch's: its relative rounding error grows
 * at most like (steps × 6e-8), harmless in a step-size denominator. Unlike optax, ε is added to the
 * root rather than under it. Saved as {@code s}.
 *
 * @param eps ε, {@code > 0}
 * @param initialAccumulator s₀, {@code >= 0}
 */
public record ScaleByRss(double eps, double initialAccumulator) implements Scalable {
  private static final String NAME = "scaleByRss";

  /** Validates the hyper-parameters. */
  public ScaleByRss {
    new HyperParameters(NAME)
        .positive("eps", eps)
        .nonNegative("initialAccumulator", initialAccumulator);
  }

  @Override
  public GradientTransform.State init(int coordinates) {
    return ArrayState.of(NAME, coordinates, "s")
        .nonNegative("s")
        .filled(0, (float) initialAccumulator);
  }

  @Override
  public void apply(
      float[] grad, float[] params, GradientTransform.State state, float[] out, double factor) {
    float[] sum = ArrayState.checked(NAME, state, grad, params, out).array(0);
    float f = (float) factor;
    float e = (float) eps;
    for (int i = 0; i < sum.length; i++) {
      float g = grad[i];
      float si = sum[i] + g * g;
      sum[i] = si;
      out[i] = f * g / ((float) Math.sqrt(si) + e);
    }
  }

  @Override
  public String name() {
    return NAME + "(" + initialAccumulator + ")";
  }
}
