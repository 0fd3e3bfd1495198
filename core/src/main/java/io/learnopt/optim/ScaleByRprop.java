package io.learnopt.optim;

/**
 * Rprop's sign-based step (Riedmiller &amp; Braun 1993, "A direct adaptive method for faster
 * backpropagation learning: the RPROP algorithm"; optax's {@code scale_by_rprop}) in the variant
 * PyTorch's {@code Rprop} implements, iRprop⁻ of Igel &amp; Hüsken 2000. Each coordinate has its
 * own step size Δ, adapted from the sign of g·g_prev only — the gradient's magnitude is ignored:
 *
 * <pre>
 *   g·g_prev &gt; 0:  Δ ← min(η⁺·Δ, Δ_max)
 *   g·g_prev &lt; 0:  Δ ← max(η⁻·Δ, Δ_min);  g ← 0
 *   otherwise:     Δ ← clamp(Δ, Δ_min, Δ_max)
 *   u = sign(g)·Δ;  g_prev ← g          (Δ₀ = lr, g_prev₀ = 0)
 * </pre>
 *
 * <p>u points uphill; a rule follows it with {@code scale(−1)}. Zeroing g after a sign change means
 * that coordinate does not move this step (the minimum was jumped over) and that the next step
 * cannot shrink Δ again; this is iRprop⁻'s replacement for the original's weight backtracking. As
 * in PyTorch the clamp applies at every step, so an initial lr outside [Δ_min, Δ_max] is clamped at
 * step 1. Unlike PyTorch we compare the signs rather than the sign of the float product g·g_prev,
 * which underflows to 0 for tiny gradients. Saved as {@code delta} and {@code g_prev}.
 *
 * <p>Full-batch by design: sign agreement between noisy minibatch gradients means little.
 *
 * @param lr the initial step size Δ₀, {@code > 0}
 * @param etaMinus the shrink factor η⁻ in (0, 1)
 * @param etaPlus the growth factor η⁺, {@code > 1}
 * @param stepMin the smallest step size Δ_min, {@code > 0}
 * @param stepMax the largest step size Δ_max, {@code >= stepMin}
 */
public record ScaleByRprop(
    double lr, double etaMinus, double etaPlus, double stepMin, double stepMax)
    implements Scalable {
  private static final String NAME = "scaleByRprop";

  /** Validates the hyper-parameters. */
  public ScaleByRprop {
    check(new HyperParameters(NAME), lr, etaMinus, etaPlus, stepMin, stepMax);
  }

  /** The range checks of Δ₀, η⁻, η⁺ and the bounds, shared with the rule built on this. */
  static HyperParameters check(
      HyperParameters checks,
      double lr,
      double etaMinus,
      double etaPlus,
      double stepMin,
      double stepMax) {
    return checks
        .positive("lr", lr)
        .between("etaMinus", etaMinus, 0, 1)
        .between("etaPlus", etaPlus, 1, Double.POSITIVE_INFINITY)
        .positive("stepMin", stepMin)
        .positive("stepMax", stepMax)
        .atLeast("stepMax", stepMax, "stepMin");
  }

  @Override
  public GradientTransform.State init(int coordinates) {
    return ArrayState.of(NAME, coordinates, "delta", "g_prev")
        .nonNegative("delta")
        .filled(0, (float) lr);
  }

  @Override
  public void apply(
      float[] grad, float[] params, GradientTransform.State state, float[] out, double factor) {
    ArrayState s = ArrayState.checked(NAME, state, grad, params, out);
    float[] steps = s.array(0);
    float[] prev = s.array(1);
    float up = (float) etaPlus;
    float down = (float) etaMinus;
    float min = (float) stepMin;
    float max = (float) stepMax;
    float f = (float) factor;
    for (int i = 0; i < steps.length; i++) {
      float g = grad[i];
      float p = prev[i];
      float delta = steps[i];
      if ((g > 0 && p > 0) || (g < 0 && p < 0)) {
        delta *= up;
      } else if ((g > 0 && p < 0) || (g < 0 && p > 0)) {
        delta *= down;
        g = 0;
      }
      delta = Math.min(Math.max(delta, min), max);
      steps[i] = delta;
      prev[i] = g;
      out[i] = f * Math.signum(g) * delta;
    }
  }

  @Override
  public String name() {
    return NAME + "(" + lr + ")";
  }
}
