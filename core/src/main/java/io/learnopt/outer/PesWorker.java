package io.learnopt.outer;

import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.optim.Optimizer;
import io.learnopt.problem.Task;
import io.learnopt.tasks.TaskSource;
import io.learnopt.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * The particles of one group of PES's task batch: the tasks {@code [g·n/G, (g+1)·n/G)} of each
 * round's batch of n, each with its antithetic pairs, run one truncation at a time. A truncation
 * returns, per pair, only the difference L⁺ − L⁻ of the two particles' meta-losses and their mean
 * loss: the perturbations ε are a pure function of the run's seed, the outer step and the pair's
 * index, so whoever combines the estimate ({@link Pes}) draws them again and accumulates ξ itself.
 * {@link Pes} keeps its workers in memory; a distributed estimator keeps them where its tasks run.
 * A worker whose particles are not at the truncation asked for starts the round's tasks and replays
 * the earlier truncations with the meta-parameters each used: the same arithmetic, so the same
 * particles, bit for bit.
 */
public final class PesWorker {
  private final LearnedOptimizer rule;
  private final TaskSource source;
  private final Objective.StepWeighted objective;
  private final TruncatedBptt.Truncation truncation;
  private final int pairsPerTask;
  private final float sigma;
  private final long seed;
  private final int groups;
  private final int group;
  private final float[] weights;
  private List<Pair> pairs = List.of();
  private int firstPair;
  private long round = -1;
  private int next;

  /** PES's group {@code group} of {@code groups}; the other arguments as {@link Pes}'s. */
  public PesWorker(
      LearnedOptimizer rule,
      TaskSource source,
      Objective.StepWeighted objective,
      TruncatedBptt.Truncation truncation,
      int pairsPerTask,
      float sigma,
      long seed,
      int groups,
      int group) {
    if (groups < 1 || groups > truncation.tasksPerBatch() || group < 0 || group >= groups) {
      throw new IllegalArgumentException(
          "group " + group + " of " + groups + " for batches of " + truncation.tasksPerBatch());
    }
    this.rule = rule;
    this.source = source;
    this.objective = objective;
    this.truncation = truncation;
    this.pairsPerTask = pairsPerTask;
    this.sigma = sigma;
    this.seed = seed;
    this.groups = groups;
    this.group = group;
    this.weights = new float[truncation.unroll() + 1];
  }

  /**
   * The perturbation ε of pair {@code pair} (index in the whole batch) at outer step {@code step}.
   */
  static void epsilon(long seed, long step, int pair, float sigma, float[] out) {
    Rng.forKey(seed * 0x9E3779B97F4A7C15L + step, pair).fillGaussian(out, 0f, sigma);
  }

  /** One optimizee run: its parameters, the gradient at them, and the rule's state. */
  private static final class Particle {
    final float[] theta;
    final float[] grad;
    final float[] update;
    final Optimizer.State state;
    float loss;

    Particle(Task task, Optimizer optimizer) {
      theta = task.initialParams();
      grad = new float[theta.length];
      update = new float[theta.length];
      state = optimizer.init(task.groups());
      loss = task.lossAndGradient(theta, 0, grad);
    }
  }

  /** An antithetic pair on one task. */
  private record Pair(Task task, Particle plus, Particle minus) {}

  private void start(float[] meta, long round) {
    List<Task> tasks = source.batch(round, truncation.tasksPerBatch());
    int n = tasks.size();
    int from = group * n / groups;
    Optimizer start = rule.bind(meta);
    List<Pair> fresh = new ArrayList<>();
    for (Task task : tasks.subList(from, (group + 1) * n / groups)) {
      for (int p = 0; p < pairsPerTask; p++) {
        fresh.add(new Pair(task, new Particle(task, start), new Particle(task, start)));
      }
    }
    pairs = fresh;
    firstPair = from * pairsPerTask;
    this.round = round;
    next = 0;
  }

  /**
   * Truncation {@code u} of round {@code round} at {@code meta}: {@code [2k]} is pair k's L⁺ − L⁻
   * (meta-losses scaled by 1/tasks per batch), {@code [2k+1]} its particles' mean loss per step.
   * {@code earlier.get(v)} is the meta-parameters truncation v &lt; u ran with: needed only if this
   * worker has not run them (else may be null).
   */
  public double[] run(float[] meta, long round, int u, List<float[]> earlier) {
    if (u < 0 || u >= truncation.steps(round)) {
      throw new IllegalArgumentException(
          "truncation " + u + " outside round " + round + "'s " + truncation.steps(round));
    }
    if (this.round != round || next != u) {
      if (u > 0 && (earlier == null || earlier.size() < u)) {
        throw new IllegalStateException(
            "PES group "
                + group
                + " is not at truncation "
                + u
                + " of round "
                + round
                + " and was not given the meta-parameters to replay the truncations before");
      }
      start(u == 0 ? meta : earlier.get(0), round);
      for (int v = 0; v < u; v++) {
        truncate(earlier.get(v), round, v);
      }
    }
    return truncate(meta, round, u);
  }

  private double[] truncate(float[] meta, long round, int u) {
    long step = round * truncation.maxSteps() + u;
    int firstStep = u * truncation.unroll();
    objective.weights(firstStep, truncation.horizon(round), weights);
    float scale = 1f / truncation.tasksPerBatch();
    double[] out = new double[2 * pairs.size()];
    float[] epsilon = new float[meta.length];
    float[] phi = new float[meta.length];
    for (int k = 0; k < pairs.size(); k++) {
      Pair pair = pairs.get(k);
      epsilon(seed, step, firstPair + k, sigma, epsilon);
      for (int i = 0; i < meta.length; i++) {
        phi[i] = meta[i] + epsilon[i];
      }
      double[] plus = run(pair.task(), pair.plus(), rule.bind(phi), firstStep, scale);
      for (int i = 0; i < meta.length; i++) {
        phi[i] = meta[i] - epsilon[i];
      }
      double[] minus = run(pair.task(), pair.minus(), rule.bind(phi), firstStep, scale);
      out[2 * k] = plus[0] - minus[0];
      out[2 * k + 1] = (plus[1] + minus[1]) / (2.0 * truncation.unroll());
    }
    next = u + 1;
    return out;
  }

  /** T steps of {@code particle}: its weighted meta-loss and its plain sum of losses. */
  private double[] run(Task task, Particle particle, Optimizer optimizer, int firstStep, float s) {
    double metaLoss = 0;
    double sum = 0;
    for (int t = 0; t < truncation.unroll(); t++) {
      optimizer.update(
          particle.grad, particle.theta, particle.loss, particle.state, particle.update);
      for (int i = 0; i < particle.theta.length; i++) {
        particle.theta[i] += particle.update[i];
      }
      int at = firstStep + t + 1;
      particle.loss = task.lossAndGradient(particle.theta, at, particle.grad);
      if (!Task.finite(particle.loss, particle.grad)) {
        throw new DivergedException(
            "PES: a perturbed optimizer diverged at optimizee step "
                + at
                + " (loss "
                + particle.loss
                + "); lower --pes-sigma or the meta learning rate");
      }
      metaLoss += s * weights[t + 1] * particle.loss;
      sum += particle.loss;
    }
    return new double[] {metaLoss, sum};
  }

  /** Bytes the particles hold (0 before the first truncation). */
  public long activationBytes() {
    long bytes = 0;
    for (Pair pair : pairs) {
      bytes += 4L * 6L * pair.plus().theta.length;
    }
    return bytes;
  }
}
