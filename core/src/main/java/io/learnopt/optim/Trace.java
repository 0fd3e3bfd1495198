package io.learnopt.optim;

/**
 * A decaying sum of past gradients, the velocity of momentum methods (optax's {@code trace}):
 *
 * <pre>
 *   v ← β·v + g                (v₀ = 0)
 *   u = v                      heavy ball (Polyak 1964)
 *   u = g + β·v                Nesterov (Sutskever et al. 2013, §2)
 * </pre>
 *
 * <p>The velocity accumulates raw gradients, as PyTorch's {@code SGD(momentum=β)} does, so a
 * following {@code scale(−lr)} gives u = −lr·v; this equals the form v ← β·v − lr·g only while lr
 * is constant. The Nesterov form takes the gradient at the current θ and folds the look-ahead into
 * the update, so no second gradient evaluation is needed. Saved as {@code v}.
 *
 * @param decay β, in [0, 1); 0 passes the gradient through
 * @param nesterov whether to output the Nesterov look-ahead g + β·v instead of v
 */
public record Trace(double decay, boolean nesterov) implements Scalable {
  private static final String NAME = "trace";

  /** Validates the hyper-parameters. */
  public Trace {
    new HyperParameters(NAME).decayRate("decay", decay);
  }

  @Override
  public GradientTransform.State init(int coordinates) {
    return ArrayState.of(NAME, coordinates, "v");
  }

  @Override
  public void apply(
      float[] grad, float[] params, GradientTransform.State state, float[] out, double factor) {
    float[] v = ArrayState.checked(NAME, state, grad, params, out).array(0);
    // One loop per form: with the form tested inside a shared loop, the JIT compiles a loop several
    // times slower once both forms have run in the JVM.
    if (nesterov) {
      nesterov(grad, v, out, (float) decay, (float) factor);
    } else {
      heavyBall(grad, v, out, (float) decay, (float) factor);
    }
  }

  /** v ← β·v + g, u = f·v. */
  private static void heavyBall(float[] grad, float[] v, float[] out, float b, float f) {
    for (int i = 0; i < v.length; i++) {
      float vi = b * v[i] + grad[i];
      v[i] = vi;
      out[i] = f * vi;
    }
  }

  /** v ← β·v + g, u = f·(g + β·v). */
  private static void nesterov(float[] grad, float[] v, float[] out, float b, float f) {
    for (int i = 0; i < v.length; i++) {
      float g = grad[i];
      float vi = b * v[i] + g;
      v[i] = vi;
      out[i] = f * (g + b * vi);
    }
  }

  @Override
  public String name() {
    return (nesterov ? "nesterov(" : NAME + "(") + decay + ")";
  }
}
