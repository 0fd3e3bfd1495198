package io.learnopt.fewshot;

import io.learnopt.concurrent.WorkerPool;
import io.learnopt.data.omniglot.Episode;
import io.learnopt.eval.LearningRateGrid;
import io.learnopt.nn.Classifier;
import java.util.List;

/**
 * Picks a fine-tuning baseline's learning rate and step count by mean query accuracy on validation
 * episodes: every rate of {@link LearningRateGrid}'s default grid (10⁻⁴ … 1, half decades), every
 * step count of {@link #STEP_COUNTS} (read off one run per rate and episode). Ties go to the
 * earlier grid point (smaller rate, fewer steps).
 */
public final class FineTuneTuning {
  /** The step counts tried. */
  public static final int[] STEP_COUNTS = {5, 10, 20, 50, 100};

  private FineTuneTuning() {}

  /**
   * The tuned baseline {@code finetune-<rule>}, on one thread.
   *
   * @param rule an optimizer registry name (sgd, adam, …)
   * @param initSeed the seed of the shared initialization
   */
  public static FineTune tune(
      String rule, Classifier learner, List<Episode> validation, long initSeed) {
    return tune(rule, learner, validation, initSeed, 1);
  }

  /**
   * The tuned baseline {@code finetune-<rule>}, the validation episodes run on {@code threads}
   * threads; the choice does not depend on the thread count.
   */
  public static FineTune tune(
      String rule, Classifier learner, List<Episode> validation, long initSeed, int threads) {
    double bestAccuracy = -1;
    double bestRate = Double.NaN;
    int bestSteps = 0;
    for (double rate : new LearningRateGrid().rates()) {
      FineTune run =
          FineTune.of(rule, learner, rate, STEP_COUNTS[STEP_COUNTS.length - 1], initSeed);
      double[][] perEpisode = new double[validation.size()][];
      WorkerPool.forEach(
          validation.size(),
          threads,
          AccuracySummary.copies(run),
          (copy, i) -> perEpisode[i] = copy.accuracies(validation.get(i), STEP_COUNTS));
      double[] sum = new double[STEP_COUNTS.length];
      for (double[] acc : perEpisode) { // in episode order, so sums are thread-count independent
        for (int k = 0; k < sum.length; k++) {
          sum[k] += acc[k];
        }
      }
      for (int k = 0; k < sum.length; k++) {
        if (sum[k] / validation.size() > bestAccuracy) {
          bestAccuracy = sum[k] / validation.size();
          bestRate = rate;
          bestSteps = STEP_COUNTS[k];
        }
      }
    }
    return FineTune.of(rule, learner, bestRate, bestSteps, initSeed);
  }
}
