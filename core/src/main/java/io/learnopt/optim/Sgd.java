package io.learnopt.optim;

/**
 * Plain stochastic gradient descent (Robbins &amp; Monro 1951): u = −lr·g.
 *
 * <p>The state holds no arrays, only the coordinate count (to check lengths) and a step counter.
 *
 * @param lr the learning rate, {@code > 0}
 */
public record Sgd(double lr) implements Optimizer {
  /** Registry name. */
  public static final String NAME = "sgd";

  /** Default learning rate: a starting point for tuning (PyTorch has no default for SGD). */
  public static final double DEFAULT_LR = 1e-2;

  /** Validates {@code lr}. */
  public Sgd {
    HyperParameters.positive(NAME, "lr", lr);
  }

  /** SGD's per-run data: nothing but the step count. */
  public static final class State implements Optimizer.State {
    private final int coordinates;
    private int step;

    State(int coordinates) {
      this.coordinates = coordinates;
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
    UpdateArguments.lengths(NAME, s.coordinates, grad, params, update);
    float negLr = (float) -lr;
    for (int i = 0; i < update.length; i++) {
      update[i] = negLr * grad[i];
    }
    s.step++;
  }

  @Override
  public String name() {
    return NAME;
  }
}
