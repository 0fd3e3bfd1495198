package io.learnopt.optim;

import io.learnopt.UsageException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * Range checks for the hyper-parameters of one rule or transformation, so every rejection reads the
 * same way: {@code adam: beta1 must be in [0, 1), got 1.5}. They throw {@link UsageException}
 * because hyper-parameters come from users (specs, command lines, config files). Each check also
 * records its key and value in order, which is how a rule in {@link Aliases} lists its
 * hyper-parameters: {@code new HyperParameters("sgd").positive("lr", lr).as(chain(...))}.
 */
final class HyperParameters {
  private final String owner;
  private final SequencedMap<String, Double> values = new LinkedHashMap<>();

  /** Checks for the hyper-parameters of {@code owner}, named in every message. */
  HyperParameters(String owner) {
    this.owner = owner;
  }

  /** {@code value > 0} and finite: learning rates, ε, step bounds. */
  HyperParameters positive(String key, double value) {
    return check(
        value > 0 && value < Double.POSITIVE_INFINITY, key, value, "must be > 0 and finite");
  }

  /** {@code value >= 0} and finite: initial accumulators. */
  HyperParameters nonNegative(String key, double value) {
    return check(
        value >= 0 && value < Double.POSITIVE_INFINITY, key, value, "must be >= 0 and finite");
  }

  /** Finite, of either sign: output scales. */
  HyperParameters finite(String key, double value) {
    return check(Double.isFinite(value), key, value, "must be finite");
  }

  /** {@code 0 <= value < 1}: decay rates of moving averages (0 switches the average off). */
  HyperParameters decayRate(String key, double value) {
    return check(value >= 0 && value < 1, key, value, "must be in [0, 1)");
  }

  /** An open interval {@code (low, high)}; {@code high} may be infinite. */
  HyperParameters between(String key, double value, double low, double high) {
    return check(value > low && value < high, key, value, "must be in (" + low + ", " + high + ")");
  }

  /** {@code value >= } the value already checked under {@code lowerKey}: upper bounds. */
  HyperParameters atLeast(String key, double value, String lowerKey) {
    double lower = values.get(lowerKey);
    return check(value >= lower, key, value, "must be >= " + lowerKey + " = " + lower);
  }

  /** The rule these hyper-parameters configure: they, in the order checked, and its chain. */
  Alias as(Chain chain) {
    return new Alias(owner, Collections.unmodifiableSequencedMap(values), chain);
  }

  private HyperParameters check(boolean valid, String key, double value, String rule) {
    if (!valid) {
      throw new UsageException(owner + ": " + key + " " + rule + ", got " + value);
    }
    values.put(key, value);
    return this;
  }
}
