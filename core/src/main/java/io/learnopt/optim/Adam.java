package io.learnopt.optim;

/**
 * Adam (Kingma &amp; Ba 2015, "Adam: A method for stochastic optimization", Algorithm 1):
 *
 * <pre>
 *   t ← t + 1
 *   m ← β₁·m + (1 − β₁)·g            (m₀ = 0)
 *   v ← β₂·v + (1 − β₂)·g²           (v₀ = 0)
 *   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
 *   u = −lr·m̂ / (√v̂ + ε)
 * </pre>
 *
 * <p>The bias correction undoes the pull of the zero initial moments: at t = 1, m̂ = g and v̂ = g²,
 * so u = −lr·g/(|g| + ε) ≈ −lr·sign(g). ε is added to √v̂ as in Algorithm 1 (and PyTorch), not to
 * √v as in the paper's "more efficient" reordering, which changes what ε means early on.
 *
 * @param lr the learning rate α, {@code > 0}
 * @param beta1 the decay β₁ of the first moment, in [0, 1)
 * @param beta2 the decay β₂ of the second moment, in [0, 1)
 * @param eps ε, {@code > 0}
 */
public record Adam(double lr, double beta1, double beta2, double eps) implements Optimizer {
  /** Registry name. */
  public static final String NAME = "adam";

  /** Default learning rate (the paper's). */
  public static final double DEFAULT_LR = 1e-3;

  /** Default β₁ (the paper's). */
  public static final double DEFAULT_BETA1 = 0.9;

  /** Default β₂ (the paper's). */
  public static final double DEFAULT_BETA2 = 0.999;

  /** Default ε (the paper's). */
  public static final double DEFAULT_EPS = 1e-8;

  /** Validates the hyper-parameters. */
  public Adam {
    HyperParameters.positive(NAME, "lr", lr);
    HyperParameters.decayRate(NAME, "beta1", beta1);
    HyperParameters.decayRate(NAME, "beta2", beta2);
    HyperParameters.positive(NAME, "eps", eps);
  }

  /** Adam with the paper's β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
  public Adam(double lr) {
    this(lr, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
  }

  /** Adam's per-run data: the moment estimates m and v and the step count t. */
  public static final class State implements Optimizer.State {
    private final float[] firstMoment;
    private final float[] secondMoment;
    private int step;

    State(int coordinates) {
      this.firstMoment = new float[coordinates];
      this.secondMoment = new float[coordinates];
    }

    /** Number of updates taken so far (t). */
    public int step() {
      return step;
    }

    /** The first-moment estimate m (the live array, for checkpoints). */
    public float[] firstMoment() {
      return firstMoment;
    }

    /** The second-moment estimate v (the live array, for checkpoints). */
    public float[] secondMoment() {
      return secondMoment;
    }

    @Override
    public void save(NamedArrays out) {
      out.putArray("m", firstMoment);
      out.putArray("v", secondMoment);
      out.putCounter("step", step);
    }

    @Override
    public void restore(NamedArrays in) {
      restore(
          in.array("m", firstMoment.length),
          in.array("v", secondMoment.length),
          (int) in.counter("step"));
    }

    /** Restores m, v and t from a checkpoint; the arrays must have this state's length. */
    public void restore(float[] m, float[] v, int t) {
      if (m.length != firstMoment.length || v.length != secondMoment.length || t < 0) {
        throw new IllegalArgumentException(
            "Adam state for "
                + firstMoment.length
                + " coordinates cannot take moments of "
                + m.length
                + " and "
                + v.length
                + " at step "
                + t);
      }
      System.arraycopy(m, 0, firstMoment, 0, m.length);
      System.arraycopy(v, 0, secondMoment, 0, v.length);
      step = t;
    }
  }

  @Override
  public State init(int coordinates) {
    return new State(UpdateArguments.coordinates(NAME, coordinates));
  }

  @Override
  public void update(float[] grad, float[] params, Optimizer.State state, float[] update) {
    State s = UpdateArguments.state(NAME, state, State.class);
    float[] m = s.firstMoment;
    float[] v = s.secondMoment;
    UpdateArguments.lengths(NAME, m.length, grad, params, update);
    int t = ++s.step;
    // Scalars in double, then rounded once: 1 − β₂ᵗ is 0.001 at t = 1, and forming it in float
    // from 0.999f would carry a 1.3e-5 relative error into every coordinate's step.
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float oneMinusB1 = (float) (1 - beta1);
    float oneMinusB2 = (float) (1 - beta2);
    // u = −(lr/c₁)·m / (√v/√c₂ + ε): the corrections folded into two scalars, as PyTorch does.
    float negStep = (float) (-lr / correction1);
    float invSqrtCorrection2 = (float) (1 / Math.sqrt(correction2));
    float e = (float) eps;
    for (int i = 0; i < m.length; i++) {
      float g = grad[i];
      float mi = b1 * m[i] + oneMinusB1 * g;
      float vi = b2 * v[i] + oneMinusB2 * g * g;
      m[i] = mi;
      v[i] = vi;
      update[i] = negStep * mi / ((float) Math.sqrt(vi) * invSqrtCorrection2 + e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }
}
