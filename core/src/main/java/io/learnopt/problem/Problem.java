package io.learnopt.problem;

/** A distribution over optimization problems, e.g. "random 10-dimensional quadratics". */
public interface Problem {

  /** The task determined by {@code seed}: the same seed always gives the same task. */
  Task sample(long seed);

  /** The registry name with its options, e.g. {@code quadratic}. */
  String name();

  /**
   * Bytes one sampled task holds (its data and parameters, not shared data such as a dataset), for
   * memory checks before sampling many; 0 if negligible.
   */
  default long taskBytes() {
    return 0;
  }

  /** Parameters θ of one task: the coordinates a learned optimizer keeps state for. */
  default long taskCoordinates() {
    return sample(0).dimension();
  }

  /**
   * The parameter groups of its tasks ({@link Task#groups()}), in order: {@code [conv, fc]} for a
   * conv net, {@code [all]} where the task declares none.
   */
  default java.util.List<String> parameterGroups() {
    return sample(0).groups().names();
  }

  /** How to meta-train an L2L optimizer on this problem by default. */
  default Recipe recipe() {
    return Recipe.small();
  }
}
