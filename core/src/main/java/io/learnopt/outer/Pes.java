package io.learnopt.outer;

import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.tasks.TaskSource;
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
 * start of every round. The particles live in {@link PesWorker}s, here one per task run in
 * parallel; this class keeps ξ and forms the estimate. The estimate is a sum of differences of
 * losses, so it stays finite however chaotic the unrolled dynamics are, where BPTT's product of
 * Jacobians can explode.
 */
public final class Pes implements GradientEstimator {
  /**
   * Runs one truncation of every group of the batch, wherever the groups live; {@code [g]} is group
   * g's {@link PesWorker#run} result.
   */
  public interface Groups extends AutoCloseable {
    /** Truncation {@code u} of round {@code round}; {@code earlier} as {@link PesWorker#run}. */
    double[][] run(float[] meta, long round, int u, List<float[]> earlier);

    /** Bytes the particles hold, or 0 if they are held elsewhere. */
    long activationBytes();

    @Override
    void close();
  }

  private final TruncatedBptt.Truncation truncation;
  private final int pairsPerTask;
  private final float sigma;
  private final long seed;
  private final Groups groups;
  private final List<float[]> history = new ArrayList<>();
  private float[][] xi = new float[0][];
  private long historyRound = -1;

  /**
   * PES of {@code rule} on batches of {@code truncation.tasksPerBatch()} tasks of {@code source},
   * {@code pairsPerTask} antithetic pairs per task, perturbations of standard deviation {@code
   * sigma} drawn from {@code seed}, tasks run on {@code threads} threads (the result does not
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
    this(
        truncation,
        pairsPerTask,
        sigma,
        seed,
        local(rule, source, objective, truncation, pairsPerTask, sigma, seed, threads));
  }

  /**
   * The groups of the constructor above: one {@link PesWorker} per task, run on {@code threads}
   * threads of this process.
   */
  public static Groups local(
      LearnedOptimizer rule,
      TaskSource source,
      Objective.StepWeighted objective,
      TruncatedBptt.Truncation truncation,
      int pairsPerTask,
      float sigma,
      long seed,
      int threads) {
    requireValid(pairsPerTask, sigma);
    if (threads < 1) {
      throw new IllegalArgumentException("PES needs threads >= 1, got " + threads);
    }
    int tasks = truncation.tasksPerBatch();
    return new LocalGroups(
        IntStream.range(0, tasks)
            .mapToObj(
                g ->
                    new PesWorker(
                        rule, source, objective, truncation, pairsPerTask, sigma, seed, tasks, g))
            .toList(),
        threads);
  }

  /**
   * PES over {@code groups} run elsewhere (a distributed estimator), with the same settings as its
   * workers: the same estimate as in one process, bit for bit, however the tasks are grouped.
   */
  public Pes(
      TruncatedBptt.Truncation truncation,
      int pairsPerTask,
      float sigma,
      long seed,
      Groups groups) {
    requireValid(pairsPerTask, sigma);
    this.truncation = truncation;
    this.pairsPerTask = pairsPerTask;
    this.sigma = sigma;
    this.seed = seed;
    this.groups = groups;
  }

  private static void requireValid(int pairsPerTask, float sigma) {
    if (pairsPerTask < 1 || !(sigma > 0) || Float.isInfinite(sigma)) {
      throw new IllegalArgumentException(
          "PES needs pairs >= 1 and 0 < sigma < inf, got " + pairsPerTask + ", " + sigma);
    }
  }

  /** Where the groups of tasks run. */
  public Groups groups() {
    return groups;
  }

  /** Antithetic pairs per task. */
  public int pairsPerTask() {
    return pairsPerTask;
  }

  /** Standard deviation of the perturbations. */
  public float sigma() {
    return sigma;
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
    int u = (int) (step % stepsPerRound());
    int pairs = truncation.tasksPerBatch() * pairsPerTask;
    if (round != historyRound || history.size() != u) {
      if (u != 0) {
        throw new IllegalStateException(
            "PES must start round " + round + " at its first truncation, not " + u);
      }
      history.clear();
      xi = new float[pairs][meta.length];
      historyRound = round;
    }
    float[] phi = meta.clone();
    double[][] results = groups.run(phi, round, u, history);
    history.add(phi);
    float[] epsilon = new float[meta.length];
    java.util.Arrays.fill(grad, 0f);
    double total = 0;
    float factor = 1f / (2 * sigma * sigma * pairsPerTask);
    int k = 0;
    for (double[] group : results) {
      for (int j = 0; j < group.length; j += 2, k++) {
        PesWorker.epsilon(seed, step, k, sigma, epsilon);
        float[] x = xi[k];
        for (int i = 0; i < x.length; i++) {
          x[i] += epsilon[i];
        }
        float c = (float) (group[j] * factor);
        for (int i = 0; i < grad.length; i++) {
          grad[i] += c * x[i];
        }
        total += group[j + 1];
      }
    }
    if (k != pairs) {
      throw new IllegalStateException("PES groups returned " + k + " pairs, not " + pairs);
    }
    return total / pairs;
  }

  @Override
  public long activationBytes() {
    return groups.activationBytes() + 4L * xi.length * (xi.length == 0 ? 0 : xi[0].length);
  }

  @Override
  public void close() {
    groups.close();
  }

  /**
   * One worker per task, the tasks run in parallel on a pool (a task is not thread-safe: its pairs
   * run one after another on one worker).
   */
  private static final class LocalGroups implements Groups {
    private final List<PesWorker> workers;
    private final java.util.concurrent.ForkJoinPool pool;

    LocalGroups(List<PesWorker> workers, int threads) {
      this.workers = workers;
      pool = threads > 1 ? new java.util.concurrent.ForkJoinPool(threads) : null;
    }

    @Override
    public double[][] run(float[] meta, long round, int u, List<float[]> earlier) {
      double[][] out = new double[workers.size()][];
      java.util.function.IntConsumer one = g -> out[g] = workers.get(g).run(meta, round, u, null);
      if (pool == null) {
        IntStream.range(0, workers.size()).forEach(one);
      } else {
        pool.submit(() -> IntStream.range(0, workers.size()).parallel().forEach(one)).join();
      }
      return out;
    }

    @Override
    public long activationBytes() {
      return workers.stream().mapToLong(PesWorker::activationBytes).sum();
    }

    @Override
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }
}
