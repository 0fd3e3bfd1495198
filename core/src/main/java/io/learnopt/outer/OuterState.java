package io.learnopt.outer;

import io.learnopt.optim.Optimizer;

/**
 * Everything outer training needs to continue where it stopped: the next round, the
 * meta-parameters, the meta-optimizer's state, and the best meta-parameters found by validation so
 * far. Mutated by {@link OuterTrainer}; saved by {@link OuterCheckpoint}.
 */
public final class OuterState {
  /** {@link #bestRound()} before any validation. */
  public static final int NEVER = Integer.MIN_VALUE;

  int nextRound;
  int startRound;
  final float[] meta;
  final Optimizer.State metaOptimizerState;
  float[] best;
  double bestScore = Double.NaN;
  int bestRound = NEVER;
  double finalScore = Double.NaN;

  /** A state at round {@code nextRound} with meta-parameters {@code meta}. */
  public OuterState(int nextRound, float[] meta, Optimizer.State metaOptimizerState) {
    this.nextRound = nextRound;
    this.startRound = nextRound;
    this.meta = meta;
    this.metaOptimizerState = metaOptimizerState;
    this.best = meta.clone();
  }

  /** The first round not yet trained. */
  public int nextRound() {
    return nextRound;
  }

  /**
   * The round the last {@link OuterTrainer#train} call started at (after a resume, the checkpoint's
   * next round): that call trained rounds {@code startRound()} to {@code nextRound() − 1}.
   */
  public int startRound() {
    return startRound;
  }

  /** The current meta-parameters (live array). */
  public float[] meta() {
    return meta;
  }

  /** The meta-optimizer's state. */
  public Optimizer.State metaOptimizerState() {
    return metaOptimizerState;
  }

  /** The best meta-parameters by validation (a copy is kept at every improvement). */
  public float[] best() {
    return best;
  }

  /** The validation score of {@link #best()}; NaN before any validation. */
  public double bestScore() {
    return bestScore;
  }

  /** The round after which {@link #best()} was validated (−1: before training; {@link #NEVER}). */
  public int bestRound() {
    return bestRound;
  }

  /**
   * The validation score of the current meta-parameters when the last round fell off the validation
   * schedule (and was validated anyway), else NaN. Not checkpointed.
   */
  public double finalScore() {
    return finalScore;
  }

  /** What training delivers: the best validated meta-parameters, or the final ones if better. */
  public float[] chosen(Validator validator) {
    return finalWins(validator) ? meta.clone() : best;
  }

  /** The validation score of {@link #chosen}. */
  public double chosenScore(Validator validator) {
    return finalWins(validator) ? finalScore : bestScore;
  }

  /** The round after which {@link #chosen} was validated. */
  public int chosenRound(Validator validator) {
    return finalWins(validator) ? nextRound - 1 : bestRound;
  }

  private boolean finalWins(Validator validator) {
    return validator.better(finalScore, bestScore);
  }

  /** Records a new best (from a validation or a checkpoint). */
  public void restoreBest(float[] meta, double score, int round) {
    this.best = meta.clone();
    this.bestScore = score;
    this.bestRound = round;
  }
}
