package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.nn.Classifier;
import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;
import io.learnopt.tensor.Rng;

/**
 * The non-meta baseline: train the learner from a random initialization on the support set with a
 * hand-designed optimizer (full batch, a fixed number of steps), then classify the query set.
 * Nothing is learned across episodes; the rate and step count are tuned on validation episodes
 * ({@link FineTuneTuning}). Every episode starts from the same initialization, drawn from {@code
 * initSeed}, so results are reproducible.
 *
 * @param name the method's name, e.g. {@code finetune-adam}
 * @param learner the network trained on the support set
 * @param optimizer the update rule and its learning rate
 * @param steps full-batch steps on the support set
 * @param initSeed seed of the initialization
 */
public record FineTune(
    String name, Classifier learner, Optimizer optimizer, int steps, long initSeed)
    implements FewShotMethod {

  /** The baseline {@code finetune-<rule>} for an optimizer registry name (sgd, adam, …). */
  public static FineTune of(String rule, Classifier learner, double lr, int steps, long initSeed) {
    return new FineTune(
        "finetune-" + rule, learner, Optimizers.withLearningRate(rule, lr), steps, initSeed);
  }

  /** Itself: every episode allocates its own parameters and optimizer state. */
  @Override
  public FineTune copy() {
    return this;
  }

  @Override
  public double accuracy(Episode episode) {
    return accuracies(episode, new int[] {steps})[0];
  }

  /**
   * Query accuracy after each step count in {@code checkpoints} (ascending) of one training run:
   * what tuning the step count needs, at the cost of the longest run alone.
   */
  public double[] accuracies(Episode episode, int[] checkpoints) {
    int n = learner.parameterCount();
    float[] theta = new float[n];
    learner.initialize(new Rng(initSeed), theta);
    float[] grad = new float[n];
    float[] update = new float[n];
    Optimizer.State state = optimizer.init(learner.groups());
    int batch = episode.supportLabels().length;
    double[] out = new double[checkpoints.length];
    int next = 0;
    for (int t = 0; next < checkpoints.length; t++) {
      while (next < checkpoints.length && checkpoints[next] == t) {
        out[next++] = queryAccuracy(theta, episode);
      }
      if (next == checkpoints.length) {
        break;
      }
      float loss =
          learner.lossAndGradient(theta, episode.support(), episode.supportLabels(), batch, grad);
      if (!Float.isFinite(loss)) {
        // Diverged at this rate: later checkpoints score 0, so tuning never picks it.
        while (next < checkpoints.length) {
          out[next++] = 0;
        }
        break;
      }
      optimizer.update(grad, theta, state, update);
      for (int i = 0; i < n; i++) {
        theta[i] += update[i];
      }
    }
    return out;
  }

  private double queryAccuracy(float[] theta, Episode episode) {
    return learner.accuracy(
        theta, episode.query(), episode.queryLabels(), episode.queryLabels().length);
  }
}
