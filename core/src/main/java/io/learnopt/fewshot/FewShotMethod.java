package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;

/**
 * A way to classify an episode's query set after seeing its support set. Not thread-safe: each
 * thread uses its own {@link #copy()}.
 */
public interface FewShotMethod {
  /** The name used in tables, plots and {@code results.json}. */
  String name();

  /** Fraction of the episode's query images this method classifies correctly. */
  double accuracy(Episode episode);

  /**
   * A method that gives the same results as this one and shares no mutable state with it (it may
   * share immutable parts, such as meta-parameters that are not being trained): one per thread.
   * Stateless methods return themselves.
   */
  FewShotMethod copy();
}
