package io.learnopt.lopt;

import io.learnopt.optim.Optimizer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained learned optimizer as saved in a model file: the rule and its meta-parameters φ. {@link
 * LearnedModels#load} reads any kind; each kind writes itself.
 */
public interface LearnedModel {
  /** The learned rule (φ not included). */
  LearnedOptimizer rule();

  /** A copy of φ. */
  float[] phi();

  /** The rule with its φ as a plain optimizer for any training loop. */
  default Optimizer optimizer() {
    return rule().bind(phi());
  }

  /**
   * The metadata describing the rule's architecture: the settings a checkpoint must match to be
   * resumed.
   */
  Map<String, String> description();

  /** Writes the file with {@code provenance} metadata, atomically. */
  void save(Path file, Map<String, String> provenance);
}
