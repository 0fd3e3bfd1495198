package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.data.omniglot.EpisodeSampler;
import io.learnopt.nn.Classifier;
import io.learnopt.problem.Task;
import io.learnopt.tasks.OuterLossTask;
import io.learnopt.tasks.TaskSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Few-shot episodes as tasks of an outer trainer: the learner trains on an episode's support set
 * and the meta-objective reads its query loss at θ_T. Batch i holds episodes i·size … i·size + size
 * − 1 of the sampler, so a resumed run meets the same episodes.
 *
 * @param sampler the training episodes
 * @param learner the network the episodes train
 */
public record EpisodeTasks(EpisodeSampler sampler, Classifier learner) implements TaskSource {
  @Override
  public List<Task> batch(long index, int size) {
    List<Task> tasks = new ArrayList<>(size);
    for (int b = 0; b < size; b++) {
      tasks.add(new EpisodeTask(sampler.episode(index * size + b), learner));
    }
    return tasks;
  }

  @Override
  public String name() {
    return "omniglot-episodes";
  }

  /** One episode: support loss to train on, query loss as the outer loss. */
  record EpisodeTask(Episode episode, Classifier learner) implements OuterLossTask {
    @Override
    public int dimension() {
      return learner.parameterCount();
    }

    /** Episodes start from the learned initialization; this is only the learner's zero point. */
    @Override
    public float[] initialParams() {
      return new float[learner.parameterCount()];
    }

    @Override
    public float lossAndGradient(float[] params, int step, float[] grad) {
      return learner.lossAndGradient(
          params, episode.support(), episode.supportLabels(), episode.supportLabels().length, grad);
    }

    @Override
    public float outerLossAndGradient(float[] params, float[] grad) {
      return learner.lossAndGradient(
          params, episode.query(), episode.queryLabels(), episode.queryLabels().length, grad);
    }
  }
}
