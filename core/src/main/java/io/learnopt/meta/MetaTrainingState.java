package io.learnopt.meta;

import io.learnopt.optim.Optimizer;

/**
 * Everything meta-training needs to continue where it stopped: the next epoch, φ, the
 * meta-optimizer's state, and the best φ found by validation so far. Mutated by {@link
 * MetaTrainer}; saved by checkpoints.
 */
public final class MetaTrainingState {
  int nextEpoch;
  final float[] phi;
  final Optimizer.State metaOptimizerState;
  float[] bestPhi;
  double bestScore = Double.POSITIVE_INFINITY;
  int bestEpoch = -1;
  double finalScore = Double.NaN;

  /** A state at epoch {@code nextEpoch} with meta-parameters {@code phi}. */
  public MetaTrainingState(int nextEpoch, float[] phi, Optimizer.State metaOptimizerState) {
    this.nextEpoch = nextEpoch;
    this.phi = phi;
    this.metaOptimizerState = metaOptimizerState;
    this.bestPhi = phi.clone();
  }

  /** The first epoch not yet trained. */
  public int nextEpoch() {
    return nextEpoch;
  }

  /** The current meta-parameters (live array). */
  public float[] phi() {
    return phi;
  }

  /** The meta-optimizer's state. */
  public Optimizer.State metaOptimizerState() {
    return metaOptimizerState;
  }

  /** The best meta-parameters by validation (a copy is kept at every improvement). */
  public float[] bestPhi() {
    return bestPhi;
  }

  /** The validation score of {@link #bestPhi()}: mean final loss; +∞ before any validation. */
  public double bestScore() {
    return bestScore;
  }

  /** The epoch after which {@link #bestPhi()} was validated, or −1. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /**
   * The validation score of the current φ when the last epoch fell off the validation schedule (and
   * was validated anyway), else NaN. Not checkpointed.
   */
  public double finalScore() {
    return finalScore;
  }

  /** What training should deliver: the best validated φ, or the final one if it scored lower. */
  public float[] chosenPhi() {
    return finalWins() ? phi.clone() : bestPhi;
  }

  /** The validation score of {@link #chosenPhi()}. */
  public double chosenScore() {
    return finalWins() ? finalScore : bestScore;
  }

  /** The epoch after which {@link #chosenPhi()} was validated (−1 if never). */
  public int chosenEpoch() {
    return finalWins() ? nextEpoch - 1 : bestEpoch;
  }

  private boolean finalWins() {
    return !Double.isNaN(finalScore) && (finalScore < bestScore || bestEpoch < 0);
  }

  /** Restores the best-so-far record (from a checkpoint). */
  public void restoreBest(float[] phi, double score, int epoch) {
    this.bestPhi = phi.clone();
    this.bestScore = score;
    this.bestEpoch = epoch;
  }
}
