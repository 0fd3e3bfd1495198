package io.learnopt.problem;

import io.learnopt.tensor.ParameterGroups;

/** One problem instance: its dimension, initial point, and a loss with its gradient. */
public interface Task {

  /** Number of parameter coordinates. */
  int dimension();

  /**
   * Which group each coordinate belongs to, for optimizers with one rule per group (the paper's
   * conv and fully connected LSTMs); by default one group, {@link ParameterGroups#ALL}.
   */
  default ParameterGroups groups() {
    return ParameterGroups.single(dimension());
  }

  /** A fresh copy of the initial parameters θ₀. */
  float[] initialParams();

  /**
   * The loss at θ on the minibatch of step {@code step} (deterministic problems ignore it); writes
   * ∇f(θ) into {@code grad}.
   */
  float lossAndGradient(float[] params, int step, float[] grad);

  /** Whether a loss and every coordinate of its gradient are finite (the run has not diverged). */
  static boolean finite(float loss, float[] grad) {
    if (!Float.isFinite(loss)) {
      return false;
    }
    for (float g : grad) {
      if (!Float.isFinite(g)) {
        return false;
      }
    }
    return true;
  }
}
