package io.learnopt.optim;

/**
 * RMSProp (Tieleman &amp; Hinton 2012, Coursera NN lecture 6.5), as PyTorch's {@code
 * RMSprop(alpha=decay)} computes it:
 *
 * <pre>
 *   s ← ρ·s + (1 − ρ)·g²      (s₀ = 0)
 *   u = −lr·g / (√s + ε)
 * </pre>
 *
 * <p>Variants differ in details that matter early in a run; we pick PyTorch's (ε outside the root,
 * s₀ = 0, no centering) so results can be checked against it, but take ρ = 0.9 from the lecture and
 * TensorFlow rather than PyTorch's 0.99. With s₀ = 0 the first steps are large (|u| ≈ lr/√(1−ρ) at
 * step 1), which is one reason Adam adds bias correction.
 *
 * @param lr the learning rate, {@code > 0}
 * @param decay the decay rate ρ of the mean square, in [0, 1)
 * @param eps ε, added to the root for stability, {@code > 0}
 */
public record RmsProp(double lr, double decay, double eps) implements Optimizer {
  /** Registry name. */
  public static final String NAME = "rmsprop";

  /** Default learning rate (PyTorch's). */
  public static final double DEFAULT_LR = 1e-2;

  /** Default decay ρ (Tieleman &amp; Hinton, TensorFlow). */
  public static final double DEFAULT_DECAY = 0.9;

  /** Default ε. */
  public static final double DEFAULT_EPS = 1e-8;

  /** Validates the hyper-parameters. */
  public RmsProp {
    HyperParameters.positive(NAME, "lr", lr);
    HyperParameters.decayRate(NAME, "decay", decay);
    HyperParameters.positive(NAME, "eps", eps);
  }

  /** RMSProp with the default ρ = 0.9 and ε = 1e-8. */
  public RmsProp(double lr) {
    this(lr, DEFAULT_DECAY, DEFAULT_EPS);
  }

  /** RMSProp's per-run data: the running mean square s and the step count. */
  public static final class State implements Optimizer.State {
    private final float[] meanSquare;
    private int step;

    State(int coordinates) {
      this.meanSquare = new float[coordinates];
    }

    /** Number of updates taken so far. */
    public int step() {
      return step;
    }
  }

  @Override
  public State init(int coordinates) {
    return new State(UpdateArguments.coordinates(NAME, coordinates));
  }

  @Override
  public void update(float[] grad, float[] params, Optimizer.State state, float[] update) {
    State s = UpdateArguments.state(NAME, state, State.class);
    float[] ms = s.meanSquare;
    UpdateArguments.lengths(NAME, ms.length, grad, params, update);
    float rho = (float) decay;
    // 1 − ρ in double before rounding: 1f − 0.9f would carry the rounding error of 0.9f.
    float oneMinusRho = (float) (1 - decay);
    float negLr = (float) -lr;
    float e = (float) eps;
    for (int i = 0; i < ms.length; i++) {
      float g = grad[i];
      float si = rho * ms[i] + oneMinusRho * g * g;
      ms[i] = si;
      update[i] = negLr * g / ((float) Math.sqrt(si) + e);
    }
    s.step++;
  }

  @Override
  public String name() {
    return NAME;
  }
}
