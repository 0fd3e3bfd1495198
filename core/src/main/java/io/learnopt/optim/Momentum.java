package io.learnopt.optim;

/**
 * Heavy-ball momentum (Polyak 1964), in the form PyTorch's {@code SGD(momentum=β)} uses:
 *
 * <pre>
 *   v ← β·v + g        (v₀ = 0)
 *   u = −lr·v
 * </pre>
 *
 * <p>The velocity accumulates raw gradients, not {@code lr}-scaled ones, so it equals the form v ←
 * β·v − lr·g only while lr is constant; we follow PyTorch so results can be compared with it.
 *
 * @param lr the learning rate, {@code > 0}
 * @param beta the momentum coefficient β in [0, 1); 0 gives SGD
 */
public record Momentum(double lr, double beta) implements Optimizer {
  /** Registry name. */
  public static final String NAME = "momentum";

  /** Default learning rate. */
  public static final double DEFAULT_LR = 1e-2;

  /** Default momentum coefficient β. */
  public static final double DEFAULT_BETA = 0.9;

  /** Validates the hyper-parameters. */
  public Momentum {
    HyperParameters.positive(NAME, "lr", lr);
    HyperParameters.decayRate(NAME, "beta", beta);
  }

  /** Momentum with the default β = 0.9. */
  public Momentum(double lr) {
    this(lr, DEFAULT_BETA);
  }

  /** Momentum's per-run data: the velocity v and the step count. */
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
      float vi = b * v[i] + grad[i];
      v[i] = vi;
      update[i] = negLr * vi;
    }
    s.step++;
  }

  @Override
  public String name() {
    return NAME;
  }
}
