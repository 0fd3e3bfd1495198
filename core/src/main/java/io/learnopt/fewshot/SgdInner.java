package io.learnopt.fewshot;

import io.learnopt.tensor.Rng;

/**
 * Plain gradient descent, θ_t = θ_{t−1} − α∇_t, with a fixed rate α: the inner loop of first-order
 * MAML (Finn et al. 2017, §5.2). With ∇ treated as an input, θ_T = θ₀ − α·Σ∇_t, so ∂L/∂θ₀ =
 * ∂L/∂θ_T: the backward pass has nothing to do.
 *
 * @param learningRate α, {@code > 0}
 */
public record SgdInner(float learningRate) implements InnerOptimizer {
  /** Checks the rate. */
  public SgdInner {
    if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
      throw new IllegalArgumentException("inner learning rate must be > 0, got " + learningRate);
    }
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public int parameterCount() {
    return 0;
  }

  @Override
  public void initialize(Rng rng, float[] phi) {}

  @Override
  public Run newRun(int coordinates, int steps) {
    return new Run() {
      @Override
      public void reset() {}

      @Override
      public void step(float[] phi, int t, float[] theta, float[] grad, float loss) {
        for (int i = 0; i < coordinates; i++) {
          theta[i] -= learningRate * grad[i];
        }
      }

      @Override
      public void backward(float[] phi, float[] dtheta, float[] dphi) {}
    };
  }
}
