package io.learnopt.optim;

import io.learnopt.UsageException;

/**
 * Range checks for hyper-parameters, shared by the optimizer constructors so every rejection reads
 * the same way: {@code adam: beta1 must be in [0, 1), got 1.5}. They throw {@link UsageException}
 * because hyper-parameters come from users (specs, command lines, config files).
 */
final class HyperParameters {
  private HyperParameters() {}

  /** {@code value > 0} and finite: learning rates, ε, step bounds. */
  static double positive(String owner, String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw rejected(owner, key, value, "must be > 0 and finite");
    }
    return value;
  }

  /** {@code value >= 0} and finite: initial accumulators. */
  static double nonNegative(String owner, String key, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw rejected(owner, key, value, "must be >= 0 and finite");
    }
    return value;
  }

  /** {@code 0 <= value < 1}: decay rates of moving averages (0 switches the average off). */
  static double decayRate(String owner, String key, double value) {
    if (!(value >= 0 && value < 1)) {
      throw rejected(owner, key, value, "must be in [0, 1)");
    }
    return value;
  }

  /** An open interval {@code (low, high)}; {@code high} may be infinite. */
  static double between(String owner, String key, double value, double low, double high) {
    if (!(value > low && value < high)) {
      throw rejected(owner, key, value, "must be in (" + low + ", " + high + ")");
    }
    return value;
  }

  static UsageException rejected(String owner, String key, double value, String rule) {
    return new UsageException(owner + ": " + key + " " + rule + ", got " + value);
  }
}
