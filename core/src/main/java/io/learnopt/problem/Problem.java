package io.learnopt.problem;

/** A distribution over optimization problems, e.g. "random 10-dimensional quadratics". */
public interface Problem {

  /** The task determined by {@code seed}: the same seed always gives the same task. */
  Task sample(long seed);

  /** The registry name with its options, e.g. {@code quadratic}. */
  String name();

  /** How to meta-train an L2L optimizer on this problem by default. */
  default Recipe recipe() {
    return Recipe.small();
  }
}
