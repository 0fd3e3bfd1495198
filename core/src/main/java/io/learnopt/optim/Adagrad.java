package io.learnopt.optim;

import java.util.Arrays;

/**
 * AdaGrad (Duchi, Hazan &amp; Singer 2011, "Adaptive subgradient methods for online learning and
 * stochastic optimization", diagonal version), as PyTorch's {@code Adagrad} computes it:
 *
 * <pre>
 *   s ← s + g²         (s₀ = initialAccumulator)
 *   u = −lr·g / (√s + ε)
 * </pre>
 *
 * <p>The sum never decays, so steps only shrink; a positive initial accumulator bounds the first
 * steps (|u| ≤ lr·|g|/√s₀). The sum stays in float like PyTorch's: its relative rounding error
 * grows at most like (steps × 6e-8), harmless in a step-size denominator.
 *
 * @param lr the learning rate, {@code > 0}
 * @param eps ε, {@code > 0}
 * @param initialAccumulator s₀, {@code >= 0}
 */
public record Adagrad(double lr, double eps, double initialAccumulator) implements Optimizer {
  /** Registry name. */
  public static final String NAME = "adagrad";

  /** Default learning rate (PyTorch's). */
  public static final double DEFAULT_LR = 1e-2;

  /** Default ε. */
  public static final double DEFAULT_EPS = 1e-8;

  /** Default initial accumulator s₀ (PyTorch's). */
  public static final double DEFAULT_INITIAL_ACCUMULATOR = 0;

  /** Validates the hyper-parameters. */
  public Adagrad {
    HyperParameters.positive(NAME, "lr", lr);
    HyperParameters.positive(NAME, "eps", eps);
    HyperParameters.nonNegative(NAME, "initialAccumulator", initialAccumulator);
  }

  /** AdaGrad with ε = 1e-8 and s₀ = 0. */
  public Adagrad(double lr) {
    this(lr, DEFAULT_EPS, DEFAULT_INITIAL_ACCUMULATOR);
  }

  /** AdaGrad's per-run data: the sum of squared gradients s and the step count. */
  public static final class State implements Optimizer.State {
    private final float[] sumSquares;
    private int step;

    State(int coordinates, float initialAccumulator) {
      this.sumSquares = new float[coordinates];
      Arrays.fill(sumSquares, initialAccumulator);
    }

    /** Number of updates taken so far. */
    public int step() {
      return step;
    }
  }

  @Override
  public State init(int coordinates) {
    return new State(UpdateArguments.coordinates(NAME, coordinates), (float) initialAccumulator);
  }

  @Override
  public void update(float[] grad, float[] params, Optimizer.State state, float[] update) {
    State s = UpdateArguments.state(NAME, state, State.class);
    float[] sum = s.sumSquares;
    UpdateArguments.lengths(NAME, sum.length, grad, params, update);
    float negLr = (float) -lr;
    float e = (float) eps;
    for (int i = 0; i < sum.length; i++) {
      float g = grad[i];
      float si = sum[i] + g * g;
      sum[i] = si;
      update[i] = negLr * g / ((float) Math.sqrt(si) + e);
    }
    s.step++;
  }

  @Override
  public String name() {
    return NAME;
  }
}
