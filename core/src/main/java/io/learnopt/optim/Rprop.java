package io.learnopt.optim;

import java.util.Arrays;

/**
 * Resilient backpropagation (Riedmiller &amp; Braun 1993, "A direct adaptive method for faster
 * backpropagation learning: the RPROP algorithm") in the variant PyTorch's {@code Rprop}
 * implements, iRprop⁻ of Igel &amp; Hüsken 2000. Each coordinate has its own step size Δ, adapted
 * from the sign of g·g_prev only — the gradient's magnitude is ignored:
 *
 * <pre>
 *   g·g_prev &gt; 0:  Δ ← min(η⁺·Δ, Δ_max)
 *   g·g_prev &lt; 0:  Δ ← max(η⁻·Δ, Δ_min);  g ← 0
 *   otherwise:     Δ ← clamp(Δ, Δ_min, Δ_max)
 *   u = −sign(g)·Δ;  g_prev ← g          (Δ₀ = lr, g_prev₀ = 0)
 * </pre>
 *
 * <p>Zeroing g after a sign change means that coordinate does not move this step (the minimum was
 * jumped over) and that the next step cannot shrink Δ again; this is iRprop⁻'s replacement for the
 * original's weight backtracking. As in PyTorch the clamp applies at every step, so an initial lr
 * outside [Δ_min, Δ_max] is clamped at step 1. Unlike PyTorch we compare the signs rather than the
 * sign of the float product g·g_prev, which underflows to 0 for tiny gradients.
 *
 * <p>Full-batch by design: sign agreement between noisy minibatch gradients means little.
 *
 * @param lr the initial step size Δ₀, {@code > 0}
 * @param etaMinus the shrink factor η⁻ in (0, 1)
 * @param etaPlus the growth factor η⁺, {@code > 1}
 * @param stepMin the smallest step size Δ_min, {@code > 0}
 * @param stepMax the largest step size Δ_max, {@code >= stepMin}
 */
public record Rprop(double lr, double etaMinus, double etaPlus, double stepMin, double stepMax)
    implements Optimizer {
  /** Registry name. */
  public static final String NAME = "rprop";

  /** Default initial step size (PyTorch's). */
  public static final double DEFAULT_LR = 1e-2;

  /** Default η⁻ (the paper's). */
  public static final double DEFAULT_ETA_MINUS = 0.5;

  /** Default η⁺ (the paper's). */
  public static final double DEFAULT_ETA_PLUS = 1.2;

  /** Default Δ_min (PyTorch's). */
  public static final double DEFAULT_STEP_MIN = 1e-6;

  /** Default Δ_max (the paper's and PyTorch's). */
  public static final double DEFAULT_STEP_MAX = 50;

  /** Validates the hyper-parameters. */
  public Rprop {
    HyperParameters.positive(NAME, "lr", lr);
    HyperParameters.between(NAME, "etaMinus", etaMinus, 0, 1);
    HyperParameters.between(NAME, "etaPlus", etaPlus, 1, Double.POSITIVE_INFINITY);
    HyperParameters.positive(NAME, "stepMin", stepMin);
    HyperParameters.positive(NAME, "stepMax", stepMax);
    if (stepMax < stepMin) {
      throw HyperParameters.rejected(NAME, "stepMax", stepMax, "must be >= stepMin = " + stepMin);
    }
  }

  /** Rprop with initial step {@code lr} and the default η⁻, η⁺, Δ_min, Δ_max. */
  public Rprop(double lr) {
    this(lr, DEFAULT_ETA_MINUS, DEFAULT_ETA_PLUS, DEFAULT_STEP_MIN, DEFAULT_STEP_MAX);
  }

  /** Rprop's per-run data: step sizes Δ, the previous (possibly zeroed) gradient, step count. */
  public static final class State implements Optimizer.State {
    private final float[] stepSizes;
    private final float[] previousGrad;
    private int step;

    State(int coordinates, float initialStep) {
      this.stepSizes = new float[coordinates];
      this.previousGrad = new float[coordinates];
      Arrays.fill(stepSizes, initialStep);
    }

    /** Number of updates taken so far. */
    public int step() {
      return step;
    }
  }

  @Override
  public State init(int coordinates) {
    return new State(UpdateArguments.coordinates(NAME, coordinates), (float) lr);
  }

  @Override
  public void update(float[] grad, float[] params, Optimizer.State state, float[] update) {
    State s = UpdateArguments.state(NAME, state, State.class);
    float[] steps = s.stepSizes;
    float[] prev = s.previousGrad;
    UpdateArguments.lengths(NAME, steps.length, grad, params, update);
    float up = (float) etaPlus;
    float down = (float) etaMinus;
    float min = (float) stepMin;
    float max = (float) stepMax;
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
      update[i] = -Math.signum(g) * delta;
    }
    s.step++;
  }

  @Override
  public String name() {
    return NAME;
  }
}
