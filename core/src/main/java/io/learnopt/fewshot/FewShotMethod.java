package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;

/** A way to classify an episode's query set after seeing its support set. Not thread-safe. */
public interface FewShotMethod {
  /** The name used in tables, plots and {@code results.json}. */
  String name();

  /** Fraction of the episode's query images this method classifies correctly. */
  double accuracy(Episode episode);
}
