package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.data.omniglot.EpisodeSampler;
import io.learnopt.optim.Aliases;
import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * Meta-trains {@code learner} in place and leaves the best meta-parameters in it. The episodes of
   * a meta-batch, and of a validation, run on {@code threads} threads; each episode's gradient has
   * its own buffer and they are added in episode order, so the result does not depend on the thread
   * count.
   */
  public static Result train(
      EpisodicMetaLearner learner,
      EpisodeSampler training,
      EpisodeSampler validation,
      FewShotTrainingConfig config,
      int threads,
      Listener listener) {
    List<Episode> validationSet = new ArrayList<>();
    for (int i = 0; i < config.validationEpisodes(); i++) {
      validationSet.add(validation.episode(i));
    }
    try (EpisodeWorkers<EpisodicMetaLearner> workers =
        new EpisodeWorkers<>(learner, Math.max(1, threads))) {
      return train(learner, workers, training, validationSet, config, listener);
    }
  }

  private static Result train(
      EpisodicMetaLearner learner,
      EpisodeWorkers<EpisodicMetaLearner> workers,
      EpisodeSampler training,
      List<Episode> validationSet,
      FewShotTrainingConfig config,
      Listener listener) {
    float[] meta = learner.meta();
    Optimizer adam =
        Optimizers.chain(
            Optimizers.clipByGlobalNorm(config.clipNorm()), Aliases.adam(config.metaLr()));
    Optimizer.State state = adam.init(meta.length);
    int batch = config.metaBatch();
    float[][] perEpisode = new float[batch][meta.length];
    double[] losses = new double[batch];
    float[] dmeta = new float[meta.length];
    float[] update = new float[meta.length];
    List<double[]> curve = new ArrayList<>();
    double best = validate(learner, workers, validationSet);
    float[] bestMeta = meta.clone();
    int bestUpdate = 0;
    curve.add(new double[] {0, Double.NaN, best});
    listener.validated(0, best, true);
    double lossSum = 0;
    int lossCount = 0;
    for (int u = 1; u <= config.updates(); u++) {
      long first = (long) (u - 1) * batch;
      workers.forEach(
          batch,
          (worker, b) -> {
            Arrays.fill(perEpisode[b], 0f);
            losses[b] = worker.metaGradient(training.episode(first + b), perEpisode[b]);
          });
      Arrays.fill(dmeta, 0f);
      double batchLoss = 0;
      for (int b = 0; b < batch; b++) {
        batchLoss += losses[b] / batch;
        for (int i = 0; i < dmeta.length; i++) {
          dmeta[i] += perEpisode[b][i] / batch;
        }
      }
      adam.update(dmeta, meta, state, update);
      for (int i = 0; i < meta.length; i++) {
        meta[i] += update[i];
      }
      lossSum += batchLoss;
      lossCount++;
      listener.updated(u, batchLoss);
      if (u % config.validateEvery() == 0 || u == config.updates()) {
        double accuracy = validate(learner, workers, validationSet);
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

  private static double validate(
      EpisodicMetaLearner learner,
      EpisodeWorkers<EpisodicMetaLearner> workers,
      List<Episode> episodes) {
    return AccuracySummary.evaluate(workers, learner.name(), episodes, i -> {}).mean();
  }
}
