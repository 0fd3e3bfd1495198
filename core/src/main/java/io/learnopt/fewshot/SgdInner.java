package io.learnopt.fewshot;

import io.learnopt.lopt.DirectAdjoints;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.lopt.TruncationLoss;
import io.learnopt.lopt.Unroll;
import io.learnopt.lopt.UnrollShape;
import io.learnopt.optim.Aliases;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.Rng;

/**
 * Plain gradient descent, θ_t = θ_{t−1} − α∇_t, with a fixed rate α: the inner loop of first-order
 * MAML (Finn et al. 2017, §5.2), a learned rule with φ = ∅. With ∇ treated as an input, θ_T = θ₀ −
 * α·Σ∇_t, so ∂θ_{t+1}/∂θ_t = I and ∂L/∂θ₀ is the sum of the direct adjoints.
 *
 * @param learningRate α, {@code > 0}
 */
public record SgdInner(float learningRate) implements LearnedOptimizer {
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
  public Optimizer bind(float[] phi) {
    return Aliases.sgd(learningRate);
  }

  @Override
  public Unroll newUnroll(UnrollShape shape, int steps) {
    int n = shape.coordinates();
    float[][] grads = new float[steps][n];
    return new Unroll() {
      @Override
      public long activationBytes() {
        return 4L * n * steps;
      }

      @Override
      public void reset() {}

      @Override
      public void step(float[] phi, int t, float[] theta, float[] grad, float[] losses) {
        System.arraycopy(grad, 0, grads[t], 0, n);
        for (int i = 0; i < n; i++) {
          theta[i] -= learningRate * grad[i];
        }
      }

      @Override
      public void backward(float[] phi, TruncationLoss loss, float[] dtheta0, float[] dphi) {
        if (dtheta0 != null) {
          DirectAdjoints.sum(grads, loss, dtheta0);
        }
      }

      @Override
      public void carryOver() {}
    };
  }
}
