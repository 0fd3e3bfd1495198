package io.learnopt.lopt;

/**
 * ∂L/∂θ_0 for a rule whose update does not read θ (∂θ_{t+1}/∂θ_t = I, as for the L2L LSTM and plain
 * SGD with ∇ an input): the sum of the direct adjoints, s·(Σ_{0&lt;t&lt;T} w_t ∇f(θ_t) + w_T
 * ∇ℓ(θ_T)).
 */
public final class DirectAdjoints {
  private DirectAdjoints() {}

  /** Writes the sum into {@code dtheta0}; {@code grads[t]} is ∇f(θ_t) as recorded by step t. */
  public static void sum(float[][] grads, TruncationLoss loss, float[] dtheta0) {
    int steps = grads.length;
    float last = loss.scaledWeight(steps);
    float[] finalGradient = loss.finalGradient();
    for (int i = 0; i < dtheta0.length; i++) {
      dtheta0[i] = last * finalGradient[i];
    }
    for (int t = 1; t < steps; t++) {
      float w = loss.scaledWeight(t);
      if (w != 0f) {
        float[] g = grads[t];
        for (int i = 0; i < dtheta0.length; i++) {
          dtheta0[i] += w * g[i];
        }
      }
    }
  }
}
