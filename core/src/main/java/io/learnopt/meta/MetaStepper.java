package io.learnopt.meta;

import io.learnopt.LearnoptException;
import io.learnopt.eval.TaskSeeds;
import io.learnopt.learned.LstmParameters;
import io.learnopt.optim.Optimizer;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * The unit of meta-training: one truncated unroll over a batch of tasks (forward, BPTT, summed
 * meta-gradient) and the meta-optimizer's update of φ. {@link MetaTrainer} loops it over epochs;
 * benchmarks time it alone. Owns the worker threads, so close it.
 */
public final class MetaStepper implements AutoCloseable {
  private final Problem problem;
  private final MetaTrainingConfig config;
  private final Optimizer metaOptimizer;
  private final List<TaskGroup> workers = new ArrayList<>();
  private final ExecutorService pool;
  private final ForkJoinPool blockPool;
  private final float[] metaGradient;
  private final float[] step;
  private double lastNorm = Double.NaN;

  /**
   * Workers for {@code config}'s threads and tasks per epoch; φ updated by {@code metaOptimizer}.
   */
  public MetaStepper(
      Problem problem, LstmParameters layout, MetaTrainingConfig config, Optimizer metaOptimizer) {
    this.problem = problem;
    this.config = config;
    this.metaOptimizer = metaOptimizer;
    int groups = Math.min(config.threads(), config.tasksPerEpoch());
    // Fewer tasks than threads (one MNIST network, say): split each step's coordinate blocks.
    blockPool = groups < config.threads() ? new ForkJoinPool(config.threads()) : null;
    for (int g = 0; g < groups; g++) {
      workers.add(
          new TaskGroup(
              layout,
              config.unroll(),
              config.horizon(),
              config.weighting(),
              config.recompute(),
              blockPool));
    }
    pool = groups > 1 ? Executors.newFixedThreadPool(groups) : null;
    metaGradient = new float[layout.size()];
    step = new float[layout.size()];
  }

  /** Starts the training tasks of {@code epoch} (drawn from the run's seed). */
  public void startEpoch(int epoch) {
    long[] seeds = TaskSeeds.TRAIN.seeds(config.seed(), epoch, config.tasksPerEpoch());
    List<Task> tasks = new ArrayList<>();
    for (long seed : seeds) {
      tasks.add(problem.sample(seed));
    }
    start(tasks);
  }

  /** Starts {@code tasks} (as many as the config's tasks per epoch), split over the workers. */
  public void start(List<Task> tasks) {
    if (tasks.size() != config.tasksPerEpoch()) {
      throw new IllegalArgumentException(
          "expected " + config.tasksPerEpoch() + " tasks, got " + tasks.size());
    }
    int groups = workers.size();
    for (int g = 0; g < groups; g++) {
      workers
          .get(g)
          .start(tasks.subList(g * tasks.size() / groups, (g + 1) * tasks.size() / groups));
    }
  }

  /**
   * Unroll {@code u} of the current tasks (optimizee steps u·T+1 .. (u+1)·T) and one meta-update of
   * {@code state.phi}. Returns the mean optimizee loss over the unroll's steps and tasks; throws
   * {@link NonFiniteLossException} if a loss or the meta-gradient is not finite (φ untouched).
   */
  public double unroll(MetaTrainingState state, int u) throws InterruptedException {
    float lossScale = 1f / config.tasksPerEpoch();
    double loss = unrollAll(state.phi, u * config.unroll(), lossScale);
    sumGradients();
    double norm = norm(metaGradient);
    if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
      throw new NonFiniteLossException(
          "meta-loss or meta-gradient is not finite at unroll "
              + u
              + " (optimizee steps "
              + (u * config.unroll() + 1)
              + ".."
              + ((u + 1) * config.unroll())
              + ")");
    }
    metaOptimizer.update(metaGradient, state.phi, state.metaOptimizerState, step);
    for (int i = 0; i < step.length; i++) {
      state.phi[i] += step[i];
    }
    lastNorm = norm;
    return loss / (config.tasksPerEpoch() * (double) config.unroll());
  }

  /** Global norm of the last meta-gradient. */
  public double lastNorm() {
    return lastNorm;
  }

  /** Bytes the workers hold for BPTT over one unroll. */
  public long activationBytes() {
    long bytes = 0;
    for (TaskGroup worker : workers) {
      bytes += worker.activationBytes();
    }
    return bytes;
  }

  private double unrollAll(float[] phi, int firstStep, float lossScale)
      throws InterruptedException {
    if (pool == null) {
      return workers.get(0).unroll(phi, firstStep, lossScale);
    }
    List<Future<Double>> futures = new ArrayList<>();
    for (TaskGroup worker : workers) {
      futures.add(pool.submit(() -> worker.unroll(phi, firstStep, lossScale)));
    }
    double total = 0;
    for (Future<Double> future : futures) {
      try {
        total += future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new LearnoptException("meta-training worker failed: " + e.getCause(), e.getCause());
      }
    }
    return total;
  }

  private void sumGradients() {
    System.arraycopy(workers.get(0).metaGradient, 0, metaGradient, 0, metaGradient.length);
    for (int g = 1; g < workers.size(); g++) {
      float[] partial = workers.get(g).metaGradient;
      for (int i = 0; i < metaGradient.length; i++) {
        metaGradient[i] += partial[i];
      }
    }
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (blockPool != null) {
      blockPool.shutdownNow();
    }
  }
}
