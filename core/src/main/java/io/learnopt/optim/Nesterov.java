package io.learnopt.optim;

/**
 * Nesterov's accelerated gradient (Nesterov 1983) in the momentum form of Sutskever et al. 2013
 * ("On the importance of initialization and momentum in deep learning", §2), as PyTorch's {@code
 * SGD(momentum=β, nesterov=True)} computes it:
 *
 * <pre>
 *   v ← β·v + g        (v₀ = 0)
 *   u = −lr·(g + β·v)
 * </pre>
 *
 * <p>The gradient is taken at the current θ, not at a look-ahead point: the look-ahead is folded
 * into the update, which is why no second gradient evaluation is needed.
 *
 * @param lr the learning rate, {@code > 0}
 * @param beta the momentum coefficient β in [0, 1)
 */
public record Nesterov(double lr, double beta) implements Optimizer {
  /** Registry name. */
  public static final String NAME = "nag";

  /** Default learning rate. */
  public static final double DEFAULT_LR = 1e-2;

  /** Default momentum coefficient β. */
  public static final double DEFAULT_BETA = 0.9;

  /** Validates the hyper-parameters. */
  public Nesterov {
    HyperParameters.positive(NAME, "lr", lr);
    HyperParameters.decayRate(NAME, "beta", beta);
  }

  /** NAG with the default β = 0.9. */
  public Nesterov(double lr) {
    this(lr, DEFAULT_BETA);
  }

  /** NAG's per-run data: the velocity v and the step count. */
  public static final class State implements Optimizer.State {
    private final float[] velocity;
    private int step;

    State(int coordinates) {
      this.velocity = new float[coordinates];
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
    float[] v = s.velocity;
    UpdateArguments.lengths(NAME, v.length, grad, params, update);
    float b = (float) beta;
    float negLr = (float) -lr;
    for (int i = 0; i < v.length; i++) {
      float g = grad[i];
      float vi = b * v[i] + g;
      v[i] = vi;
      update[i] = negLr * (g + b * vi);
    }
    s.step++;
  }

  @Override
  public String name() {
    return NAME;
  }
}
