package io.learnopt.fewshot;

import io.learnopt.tensor.Rng;

/**
 * The update rule of a few-shot method's inner loop, coordinatewise over the learner's parameters
 * θ, with meta-parameters φ of its own (none for plain SGD). The learned initialization θ₀ is not
 * part of φ: {@link EpisodicMetaLearner} owns it, because every method here shares it.
 *
 * <p>Meta-gradients are first order (Ravi &amp; Larochelle 2017, §3.2; Andrychowicz et al. 2016,
 * §2.1): the learner's gradient and loss are inputs to the rule, ∂∇_t/∂θ = 0, so BPTT needs only
 * what the forward pass recorded.
 */
public interface InnerOptimizer {
  /** A short name for tables and files. */
  String name();

  /** Number of meta-parameters φ. */
  int parameterCount();

  /** Writes initial meta-parameters into {@code phi} (length {@link #parameterCount()}). */
  void initialize(Rng rng, float[] phi);

  /** A run over {@code coordinates} parameters for {@code steps} steps; buffers allocated once. */
  Run newRun(int coordinates, int steps);

  /** One inner loop at a time: steps forward, then one backward pass. Not thread-safe. */
  interface Run {
    /** Starts a new inner loop (a new episode): clears carried state. */
    void reset();

    /**
     * Step {@code t} (0-based): updates {@code theta} in place from the learner's gradient {@code
     * grad} and loss at {@code theta}, and records what {@link #backward} needs.
     */
    void step(float[] phi, int t, float[] theta, float[] grad, float loss);

    /**
     * After all steps: {@code dtheta} holds ∂L/∂θ_T on entry and ∂L/∂θ₀ on exit; ∂L/∂φ is added
     * into {@code dphi}.
     */
    void backward(float[] phi, float[] dtheta, float[] dphi);
  }
}
