package io.learnopt.outer;

import io.learnopt.UsageException;
import io.learnopt.problem.Recipe;
import io.learnopt.problem.StepWeighting;

/**
 * Settings of meta-training (Andrychowicz et al. 2016, §2 and §3): each epoch samples {@code
 * tasksPerEpoch} tasks and optimizes them for {@code horizon} steps, in truncated unrolls of {@code
 * unroll} steps, one meta-update (Adam, learning rate {@code learningRate}) per unroll.
 *
 * @param epochs number of epochs
 * @param unroll steps per truncated unroll (BPTT length)
 * @param horizon optimizee steps per task; a multiple of {@code unroll}
 * @param tasksPerEpoch tasks optimized together (their meta-gradients averaged)
 * @param learningRate Adam learning rate of the meta-optimizer
 * @param clipNorm meta-gradient global-norm clip; 0 disables clipping
 * @param evalEvery validate (and keep the best) every this many epochs
 * @param evalTasks number of held-out validation tasks
 * @param seed the run's seed: tasks and initial φ derive from it
 * @param threads worker threads
 * @param weighting the weights w_t of the meta-loss
 * @param minHorizon the shortest horizon: below {@code horizon}, each epoch draws its horizon
 *     log-uniformly from [minHorizon, horizon] ({@link TruncatedBptt.Truncation}); a multiple of
 *     {@code unroll}
 */
public record MetaTrainingConfig(
    int epochs,
    int unroll,
    int horizon,
    int tasksPerEpoch,
    double learningRate,
    double clipNorm,
    int evalEvery,
    int evalTasks,
    long seed,
    int threads,
    StepWeighting weighting,
    int minHorizon) {

  /** A fixed horizon. */
  public MetaTrainingConfig(
      int epochs,
      int unroll,
      int horizon,
      int tasksPerEpoch,
      double learningRate,
      double clipNorm,
      int evalEvery,
      int evalTasks,
      long seed,
      int threads,
      StepWeighting weighting) {
    this(
        epochs,
        unroll,
        horizon,
        tasksPerEpoch,
        learningRate,
        clipNorm,
        evalEvery,
        evalTasks,
        seed,
        threads,
        weighting,
        horizon);
  }

  /** Benchmark settings: no clipping, validation after every epoch on one task, seed 1. */
  public static MetaTrainingConfig of(
      int epochs, int unroll, int horizon, int tasksPerEpoch, double learningRate, int threads) {
    return new MetaTrainingConfig(
        epochs,
        unroll,
        horizon,
        tasksPerEpoch,
        learningRate,
        0,
        1,
        1,
        1,
        threads,
        StepWeighting.UNIFORM);
  }

  /** The problem's recipe for {@code epochs} epochs with the paper's unroll 20 and horizon 100. */
  public static MetaTrainingConfig fromRecipe(Recipe r, int epochs, long seed, int threads) {
    return new MetaTrainingConfig(
        epochs,
        Recipe.UNROLL,
        Recipe.HORIZON,
        r.tasksPerEpoch(),
        r.metaLearningRate(),
        0,
        r.evalEvery(),
        r.evalTasks(),
        seed,
        threads,
        r.weighting());
  }

  /** Validates every setting, naming the option in the message. */
  public MetaTrainingConfig {
    requirePositive("--epochs", epochs);
    requirePositive("--unroll", unroll);
    requirePositive("--horizon", horizon);
    requirePositive("--tasks-per-epoch", tasksPerEpoch);
    requirePositive("--eval-every", evalEvery);
    requirePositive("--eval-tasks", evalTasks);
    requirePositive("--threads", threads);
    if (weighting == null) {
      throw new UsageException("--weighting must be uniform or linear");
    }
    if (horizon % unroll != 0) {
      throw new UsageException(
          "--horizon (" + horizon + ") must be a multiple of --unroll (" + unroll + ")");
    }
    new TruncatedBptt.Truncation(
        tasksPerEpoch, unroll, horizon, minHorizon); // checks --min-horizon
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new UsageException("--lr must be a positive number, got " + learningRate);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new UsageException("--clip must be a non-negative number, got " + clipNorm);
    }
  }

  /** The truncation of {@code tasksPerEpoch} tasks' horizons into unrolls. */
  public TruncatedBptt.Truncation truncation() {
    return new TruncatedBptt.Truncation(tasksPerEpoch, unroll, horizon, minHorizon);
  }

  /** Unrolls (meta-updates) of the longest epoch. */
  public int unrollsPerEpoch() {
    return horizon / unroll;
  }

  private static void requirePositive(String option, int value) {
    if (value < 1) {
      throw new UsageException(option + " must be a positive integer, got " + value);
    }
  }
}
