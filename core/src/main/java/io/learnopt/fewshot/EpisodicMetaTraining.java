package io.learnopt.fewshot;

import io.learnopt.concurrent.WorkerPool;
import io.learnopt.data.omniglot.Episode;
import io.learnopt.data.omniglot.EpisodeSampler;
import io.learnopt.lopt.MetaParameters;
import io.learnopt.outer.Objective;
import io.learnopt.outer.OuterConfig;
import io.learnopt.outer.OuterState;
import io.learnopt.outer.OuterTrainer;
import io.learnopt.outer.TruncatedBptt;
import io.learnopt.outer.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Few-shot meta-training (Ravi &amp; Larochelle 2017, Algorithm 1) assembled from the core's parts:
 * the {@link OuterTrainer} fits θ₀ and φ of an {@link EpisodicMetaLearner} by {@link TruncatedBptt}
 * of the query loss after the inner loop ({@link Objective.FinalOuterLoss}), one meta-update per
 * {@code metaBatch} training episodes, each episode its own unroll group (so results do not depend
 * on the thread count), clipped Adam; it keeps the meta-parameters with the best mean validation
 * accuracy, measured before training and every {@code validateEvery} updates. Owns threads, so
 * close it.
 *
 * @param learner the method whose θ₀ and φ are trained
 * @param config the settings
 * @param estimator the gradient estimator
 * @param validators the workers that measure validation accuracy
 * @param trainer the outer trainer
 */
public record EpisodicMetaTraining(
    EpisodicMetaLearner learner,
    FewShotTrainingConfig config,
    TruncatedBptt estimator,
    WorkerPool<EpisodicMetaLearner> validators,
    OuterTrainer trainer)
    implements AutoCloseable {
  /** Settings that a resumed run must share with its checkpoint. */
  public static final List<String> MUST_MATCH =
      List.of(
          "method",
          "steps",
          "meta_parameters",
          "meta_batch",
          "meta_lr",
          "clip",
          "validate_every",
          "validation_episodes",
          "seed");

  /**
   * Meta-training of {@code learner} (its current meta-parameters are the starting point) on {@code
   * training} episodes, validated on the first {@code config.validationEpisodes()} episodes of
   * {@code validation}, on {@code threads} threads.
   */
  public static EpisodicMetaTraining of(
      EpisodicMetaLearner learner,
      EpisodeSampler training,
      EpisodeSampler validation,
      FewShotTrainingConfig config,
      int threads) {
    MetaParameters layout = new MetaParameters(learner.initSize(), learner.inner());
    int steps = learner.steps();
    TruncatedBptt estimator =
        new TruncatedBptt(
            layout,
            new EpisodeTasks(training, learner.learner()),
            new Objective.FinalOuterLoss(),
            new TruncatedBptt.Truncation(config.metaBatch(), steps, steps),
            config.metaBatch(),
            Math.max(1, threads));
    List<Episode> episodes = new ArrayList<>();
    for (int i = 0; i < config.validationEpisodes(); i++) {
      episodes.add(validation.episode(i));
    }
    WorkerPool<EpisodicMetaLearner> validators =
        new WorkerPool<>(Math.max(1, threads), AccuracySummary.copies(learner));
    Validator validator =
        new Validator() {
          @Override
          public double score(float[] meta) {
            System.arraycopy(meta, 0, learner.meta(), 0, meta.length); // seen by every copy
            return AccuracySummary.evaluate(validators, learner.name(), episodes, i -> {}).mean();
          }

          @Override
          public boolean higherIsBetter() {
            return true;
          }
        };
    OuterConfig outer =
        new OuterConfig(
            config.updates(),
            config.metaLr(),
            config.clipNorm(),
            config.validateEvery(),
            true,
            "update");
    OuterTrainer trainer = new OuterTrainer(estimator, validator, outer, layout.size());
    return new EpisodicMetaTraining(learner, config, estimator, validators, trainer);
  }

  /** A fresh state at the learner's current meta-parameters. */
  public OuterState initialState() {
    return trainer.initialState(learner.meta().clone());
  }

  /** The learner with {@code meta} as its meta-parameters (for saving the chosen ones). */
  public EpisodicMetaLearner learnerWith(float[] meta) {
    return new EpisodicMetaLearner(
        learner.name(), learner.learner(), learner.inner(), learner.steps(), meta);
  }

  /** The settings as metadata; {@link #MUST_MATCH} lists those a resumed run must share. */
  public Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("method", learner.name());
    m.put("steps", Integer.toString(learner.steps()));
    m.put("meta_parameters", Integer.toString(learner.meta().length));
    m.put("updates", Integer.toString(config.updates()));
    m.put("meta_batch", Integer.toString(config.metaBatch()));
    m.put("meta_lr", Double.toString(config.metaLr()));
    m.put("clip", Double.toString(config.clipNorm()));
    m.put("validate_every", Integer.toString(config.validateEvery()));
    m.put("validation_episodes", Integer.toString(config.validationEpisodes()));
    m.put("seed", Long.toString(config.seed()));
    return m;
  }

  @Override
  public void close() {
    estimator.close();
    validators.close();
  }
}
