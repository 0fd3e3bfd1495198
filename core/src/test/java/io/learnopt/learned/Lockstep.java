package io.learnopt.learned;

import io.learnopt.tensor.Rng;

/**
 * Runs stores side by side through one unroll on the same random gradients, for the tests that
 * compare two stores or pin the bits of one: each step's updates and the unroll's ∂L/∂φ of every
 * store, after which every store carries its state over to the next unroll.
 */
final class Lockstep {
  private Lockstep() {}

  /**
   * What the stores computed.
   *
   * @param updates {@code updates[t][s]}: store s's update at step t
   * @param metaGradients {@code metaGradients[s]}: store s's ∂L/∂φ
   */
  record Unroll(float[][][] updates, float[][] metaGradients) {}

  /**
   * One unroll of {@code stores} (all of {@code n} coordinates and the same steps) on gradients ~
   * N(0, σ²) drawn from {@code rng}: one per step, then the final one; L = lossScale·Σ w_t f(θ_t).
   */
  static Unroll unroll(
      BpttTrajectory[] stores,
      float[] phi,
      Rng rng,
      float sigma,
      float[] weights,
      float lossScale) {
    int n = stores[0].coordinates();
    int steps = stores[0].steps();
    float[] grad = new float[n];
    float[][][] updates = new float[steps][stores.length][n];
    for (int t = 0; t < steps; t++) {
      rng.fillGaussian(grad, 0f, sigma);
      for (int s = 0; s < stores.length; s++) {
        stores[s].forwardStep(phi, t, grad, updates[t][s]);
      }
    }
    rng.fillGaussian(grad, 0f, sigma);
    float[][] dphi = new float[stores.length][phi.length];
    for (int s = 0; s < stores.length; s++) {
      stores[s].setFinalGradient(grad);
      stores[s].backward(phi, weights, lossScale, dphi[s]);
      stores[s].carryOver();
    }
    return new Unroll(updates, dphi);
  }
}
