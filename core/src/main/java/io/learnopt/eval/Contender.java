package io.learnopt.eval;

import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;

/**
 * An optimizer entered in a comparison: either used as given ({@link Fixed}: a learned optimizer or
 * a baseline whose learning rate the user set) or a baseline whose learning rate is tuned on the
 * grid ({@link Tuned}).
 */
public sealed interface Contender {

  /** The name in tables, plots and results. */
  String name();

  /**
   * An optimizer used as it is.
   *
   * @param name the display name
   * @param optimizer the optimizer
   * @param learningRate its learning rate if it has one, else null
   * @param model the file a learned optimizer was loaded from, for the record of what was
   *     evaluated; null for a hand-designed one
   */
  record Fixed(String name, Optimizer optimizer, Double learningRate, String model)
      implements Contender {
    /** A contender not loaded from a file. */
    public Fixed(String name, Optimizer optimizer, Double learningRate) {
      this(name, optimizer, learningRate, null);
    }
  }

  /**
   * A registry baseline whose learning rate is chosen by {@link LearningRateGrid}.
   *
   * @param name a name from {@link Optimizers#names()}
   */
  record Tuned(String name) implements Contender {
    /** Checks the name against the registry. */
    public Tuned {
      Optimizers.defaultLearningRate(name);
    }
  }
}
