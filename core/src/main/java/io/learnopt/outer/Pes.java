package io.learnopt.outer;

import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.optim.Optimizer;
import io.learnopt.problem.Task;
import io.learnopt.tasks.TaskSource;
import io.learnopt.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Persistent evolution strategies (Vicol, Metz and Sohl-Dickstein 2021): an unbiased estimate of
 * the meta-gradient of the whole horizon from truncations, with no backward pass and no ∂∇/∂φ = 0
 * approximation. Each task runs as antithetic pairs of particles, each particle with its own θ and
 * optimizer state. At every truncation a pair draws ε ~ N(0, σ²I), adds it to its accumulated
 * perturbation ξ, runs one particle with φ + ε and the other with φ − ε over the same minibatches,
 * and contributes ξ·(L⁺ − L⁻)/(2σ²), where L± is that particle's meta-loss over the truncation (the
 * same s·Σ w_t f(θ_t) truncated BPTT differentiates). ξ restarts at zero with the tasks, at the
 * start of every round. Tasks run in parallel, the pairs of one task in turn (a task keeps
 * minibatch buffers). The estimate is a sum of differences of losses, so it stays finite however
 * chaotic the unrolled dynamics are, where BPTT's product of Jacobians can explode.
 */
public final class Pes implements GradientEstimator {
  private final LearnedOptimizer rule;
  private final TaskSource source;
  private final Objective.StepWeighted objective;
  private final TruncatedBptt.Truncation truncation;
  private final int pairsPerTask;
  private final float sigma;
  private final long seed;
  private final java.util.concurrent.ForkJoinPool pool;
  private final float[] weights;
  private List<Pair> pairs = List.of();
  private long startedRound = -1;

  /**
   * PES of {@code rule} on batches of {@code truncation.tasksPerBatch()} tasks of {@code source},
   * {@code pairsPerTask} antithetic pairs per task, perturbations of standard deviation {@code
   * sigma} drawn from {@code seed}, pairs run on {@code threads} threads (the result does not
   * depend on how many).
   */
  public Pes(
      LearnedOptimizer rule,
      TaskSource source,
      Objective.StepWeighted objective,
      TruncatedBptt.Truncation truncation,
      int pairsPerTask,
      float sigma,
      long seed,
      int threads) {
    if (pairsPerTask < 1 || !(sigma > 0) || Float.isInfinite(sigma) || threads < 1) {
      throw new IllegalArgumentException(
          "PES needs pairs >= 1, 0 < sigma < inf and threads >= 1, got "
              + pairsPerTask
              + ", "
              + sigma
              + ", "
              + threads);
    }
    this.rule = rule;
    this.source = source;
    this.objective = objective;
    this.truncation = truncation;
    this.pairsPerTask = pairsPerTask;
    this.sigma = sigma;
    this.seed = seed;
    this.pool = threads > 1 ? new java.util.concurrent.ForkJoinPool(threads) : null;
    this.weights = new float[truncation.unroll() + 1];
  }

  /** Antithetic pairs per task. */
  public int pairsPerTask() {
    return pairsPerTask;
  }

  /** Standard deviation of the perturbations. */
  public float sigma() {
    return sigma;
  }

  /** One optimizee run: its parameters, the gradient at them, and the rule's state. */
  private static final class Particle {
    final float[] theta;
    final float[] grad;
    final float[] update;
    final Optimizer.State state;
    float loss;

    Particle(Task task, Optimizer optimizer, int firstStep) {
      theta = task.initialParams();
      grad = new float[theta.length];
      update = new float[theta.length];
      state = optimizer.init(task.groups());
      loss = task.lossAndGradient(theta, firstStep, grad);
    }
  }

  /** An antithetic pair on one task and its accumulated perturbation ξ. */
  private static final class Pair {
    final Task task;
    final Particle plus;
    final Particle minus;
    final float[] xi;
    double lossDifference;
    double meanLoss;

    Pair(Task task, Optimizer optimizer, int parameters) {
      this.task = task;
      this.plus = new Particle(task, optimizer, 0);
      this.minus = new Particle(task, optimizer, 0);
      this.xi = new float[parameters];
    }
  }

  @Override
  public int stepsPerRound() {
    return truncation.maxSteps();
  }

  @Override
  public int stepsInRound(long round) {
    return truncation.steps(round);
  }

  @Override
  public double estimate(float[] meta, long step, float[] grad) {
    long round = step / stepsPerRound();
    if (round != startedRound) {
      List<Task> tasks = source.batch(round, truncation.tasksPerBatch());
      Optimizer start = rule.bind(meta);
      List<Pair> fresh = new ArrayList<>();
      for (Task task : tasks) {
        for (int p = 0; p < pairsPerTask; p++) {
          fresh.add(new Pair(task, start, meta.length));
        }
      }
      pairs = fresh;
      startedRound = round;
    }
    int firstStep = (int) (step % stepsPerRound()) * truncation.unroll();
    objective.weights(firstStep, truncation.horizon(round), weights);
    float lossScale = 1f / truncation.tasksPerBatch();
    // A task is not thread-safe (minibatch buffers, workspaces), so the pairs of one task run one
    // after another on one worker; tasks run in parallel.
    int tasks = pairs.size() / pairsPerTask;
    java.util.function.IntConsumer task =
        k -> {
          for (int p = k * pairsPerTask; p < (k + 1) * pairsPerTask; p++) {
            truncate(pairs.get(p), meta, step, p, firstStep, lossScale);
          }
        };
    if (pool == null) {
      IntStream.range(0, tasks).forEach(task);
    } else {
      pool.submit(() -> IntStream.range(0, tasks).parallel().forEach(task)).join();
    }
    java.util.Arrays.fill(grad, 0f);
    double total = 0;
    float factor = 1f / (2 * sigma * sigma * pairsPerTask);
    for (Pair pair : pairs) {
      float c = (float) (pair.lossDifference * factor);
      for (int i = 0; i < grad.length; i++) {
        grad[i] += c * pair.xi[i];
      }
      total += pair.meanLoss;
    }
    return total / pairs.size();
  }

  /** One truncation of one pair: perturb, run both particles, record L⁺ − L⁻. */
  private void truncate(Pair pair, float[] meta, long step, int index, int firstStep, float scale) {
    float[] epsilon = new float[meta.length];
    Rng.forKey(seed * 0x9E3779B97F4A7C15L + step, index).fillGaussian(epsilon, 0f, sigma);
    float[] phi = new float[meta.length];
    for (int i = 0; i < meta.length; i++) {
      pair.xi[i] += epsilon[i];
      phi[i] = meta[i] + epsilon[i];
    }
    double[] plus = run(pair.task, pair.plus, rule.bind(phi), firstStep, scale);
    for (int i = 0; i < meta.length; i++) {
      phi[i] = meta[i] - epsilon[i];
    }
    double[] minus = run(pair.task, pair.minus, rule.bind(phi), firstStep, scale);
    pair.lossDifference = plus[0] - minus[0];
    pair.meanLoss = (plus[1] + minus[1]) / (2.0 * truncation.unroll());
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

  @Override
  public long activationBytes() {
    long bytes = 0;
    for (Pair pair : pairs) {
      bytes += 4L * (pair.xi.length + 6L * pair.plus.theta.length);
    }
    return bytes;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
