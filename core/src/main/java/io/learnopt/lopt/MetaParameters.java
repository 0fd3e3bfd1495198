package io.learnopt.lopt;

import io.learnopt.tensor.Rng;

/**
 * The flat vector an outer trainer fits: an optional learned initialization θ₀ of {@code initSize}
 * coordinates (Ravi &amp; Larochelle 2017; MAML), then the rule's φ. One meta-optimizer state
 * covers both.
 *
 * @param initSize length of the θ₀ block (0: tasks start from their own initial point)
 * @param rule the learned rule whose φ follows θ₀
 */
public record MetaParameters(int initSize, LearnedOptimizer rule) {
  /** Checks the sizes. */
  public MetaParameters {
    if (initSize < 0) {
      throw new IllegalArgumentException("learned initialization size must be >= 0: " + initSize);
    }
  }

  /** φ alone, no learned initialization. */
  public static MetaParameters ruleOnly(LearnedOptimizer rule) {
    return new MetaParameters(0, rule);
  }

  /** Length of the whole vector. */
  public int size() {
    return Math.addExact(initSize, rule.parameterCount());
  }

  /** Where φ starts. */
  public int ruleOffset() {
    return initSize;
  }

  /** Whether θ₀ is learned. */
  public boolean learnsInitialization() {
    return initSize > 0;
  }

  /** φ copied out of {@code meta}. */
  public float[] rulePart(float[] meta) {
    return java.util.Arrays.copyOfRange(meta, initSize, size());
  }

  /** A fresh vector: θ₀ from {@code init} (may be null when there is none), φ from the rule. */
  public float[] initialize(float[] init, Rng rng) {
    float[] meta = new float[size()];
    if (initSize > 0) {
      System.arraycopy(init, 0, meta, 0, initSize);
    }
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(rng, phi);
    System.arraycopy(phi, 0, meta, initSize, phi.length);
    return meta;
  }
}
