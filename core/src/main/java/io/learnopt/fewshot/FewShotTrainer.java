package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.data.omniglot.EpisodeSampler;
import io.learnopt.optim.Adam;
import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;
import java.util.ArrayList;
import java.util.List;

/**
 * Meta-training of an {@link EpisodicMetaLearner} (Ravi &amp; Larochelle 2017, Algorithm 1): per
 * update, the mean first-order meta-gradient of {@code metaBatch} training episodes, clipped, then
 * an Adam step on θ₀ and φ together. The validation accuracy decides which meta-parameters are
 * kept.
 */
public final class FewShotTrainer {
  /** What the trainer reports while it runs. */
  public interface Listener {
    /** After update {@code update} (1-based) with the batch's mean query loss. */
    default void updated(int update, double queryLoss) {}

    /** After a validation; {@code best} if it is the best so far. */
    default void validated(int update, double accuracy, boolean best) {}
  }

  /**
   * The outcome: the best meta-parameters and when they were found, plus the validation curve.
   *
   * @param bestMeta θ₀ then φ at the best validation
   * @param bestAccuracy their mean validation accuracy
   * @param bestUpdate the update after which they were measured (0: before training)
   * @param curve (update, mean query loss since the last validation, validation accuracy)
   */
  public record Result(
      float[] bestMeta, double bestAccuracy, int bestUpdate, List<double[]> curve) {}

  private FewShotTrainer() {}

  /** Meta-trains {@code learner} in place and leaves the best meta-parameters in it. */
  public static Result train(
      EpisodicMetaLearner learner,
      EpisodeSampler training,
      EpisodeSampler validation,
      FewShotTrainingConfig config,
      Listener listener) {
    List<Episode> validationSet = new ArrayList<>();
    for (int i = 0; i < config.validationEpisodes(); i++) {
      validationSet.add(validation.episode(i));
    }
    float[] meta = learner.meta();
    Optimizer adam =
        Optimizers.chain(Optimizers.clipByGlobalNorm(config.clipNorm()), new Adam(config.metaLr()));
    Optimizer.State state = adam.init(meta.length);
    float[] dmeta = new float[meta.length];
    float[] update = new float[meta.length];
    List<double[]> curve = new ArrayList<>();
    double best = validate(learner, validationSet);
    float[] bestMeta = meta.clone();
    int bestUpdate = 0;
    curve.add(new double[] {0, Double.NaN, best});
    listener.validated(0, best, true);
    double lossSum = 0;
    int lossCount = 0;
    long episode = 0;
    for (int u = 1; u <= config.updates(); u++) {
      java.util.Arrays.fill(dmeta, 0f);
      double batchLoss = 0;
      for (int b = 0; b < config.metaBatch(); b++) {
        batchLoss += learner.metaGradient(training.episode(episode++), dmeta);
      }
      float scale = 1f / config.metaBatch();
      for (int i = 0; i < dmeta.length; i++) {
        dmeta[i] *= scale;
      }
      adam.update(dmeta, meta, state, update);
      for (int i = 0; i < meta.length; i++) {
        meta[i] += update[i];
      }
      batchLoss /= config.metaBatch();
      lossSum += batchLoss;
      lossCount++;
      listener.updated(u, batchLoss);
      if (u % config.validateEvery() == 0 || u == config.updates()) {
        double accuracy = validate(learner, validationSet);
        boolean improved = accuracy > best;
        if (improved) {
          best = accuracy;
          bestMeta = meta.clone();
          bestUpdate = u;
        }
        curve.add(new double[] {u, lossSum / lossCount, accuracy});
        lossSum = 0;
        lossCount = 0;
        listener.validated(u, accuracy, improved);
      }
    }
    System.arraycopy(bestMeta, 0, meta, 0, meta.length);
    return new Result(bestMeta, best, bestUpdate, curve);
  }

  private static double validate(EpisodicMetaLearner learner, List<Episode> episodes) {
    return AccuracySummary.evaluate(learner, episodes, i -> {}).mean();
  }
}
