package io.learnopt.lopt;

/**
 * The meta-loss of one truncation as its backward pass sees it: L = s·(Σ_{0&lt;t&lt;T} w_t f(θ_t) +
 * w_T ℓ(θ_T)), given by the weights w_t, the scale s and ∇ℓ(θ_T).
 *
 * @param stepWeights w_t at index t (index 0 unused); null means w_t = 1
 * @param lossScale s, e.g. 1/tasks to average over a batch
 * @param finalGradient ∇ℓ(θ_T): the training gradient (L2L) or an outer loss's (few-shot query)
 */
public record TruncationLoss(float[] stepWeights, float lossScale, float[] finalGradient) {
  /** s·w_t: the factor of ∇f(θ_t) in θ_t's direct adjoint. */
  public float scaledWeight(int t) {
    return lossScale * (stepWeights == null ? 1f : stepWeights[t]);
  }
}
