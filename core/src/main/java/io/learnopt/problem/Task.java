package io.learnopt.problem;

/** One problem instance: its dimension, initial point, and a loss with its gradient. */
public interface Task {

  /** Number of parameter coordinates. */
  int dimension();

  /** A fresh copy of the initial parameters θ₀. */
  float[] initialParams();

  /**
   * The loss at θ on the minibatch of step {@code step} (deterministic problems ignore it); writes
   * ∇f(θ) into {@code grad}.
   */
  float lossAndGradient(float[] params, int step, float[] grad);
}
