package io.learnopt.outer;

import io.learnopt.UsageException;
import io.learnopt.concurrent.WorkerPool;
import io.learnopt.lopt.MetaParameters;
import io.learnopt.tasks.TaskSource;
import io.learnopt.tensor.Rng;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Truncated backpropagation through time (Andrychowicz et al. 2016, §2): each round draws a batch
 * of tasks and runs them for the round's horizon (fixed, or drawn per round: {@link Truncation}),
 * one outer step per truncation of {@code unroll} optimizee steps; θ and the rule's state carry
 * across truncations, gradients do not. The batch is split into groups ({@link TruncationWorker}s)
 * run by a {@link WorkerPool}; their meta-gradients are added along a fixed tree ({@link
 * OrderedTree}), so a run is reproducible for a given seed and group count.
 */
public final class TruncatedBptt implements GradientEstimator {
  private final MetaParameters layout;
  private final Objective objective;
  private final Truncation truncation;
  private final List<TruncationWorker> groups;
  private final WorkerPool<Integer> pool;
  private final ForkJoinPool blockPool;
  private final double[] groupLoss;

  /**
   * Truncated BPTT of {@code layout}'s rule on batches of {@code tasksPerBatch} tasks of {@code
   * source}, {@code horizon} optimizee steps per task cut into truncations of {@code unroll};
   * {@code groups} unroll groups (tasks concatenated per group) run on up to {@code threads}
   * threads. With fewer groups than threads, each step's coordinates are split over the threads.
   */
  public TruncatedBptt(
      MetaParameters layout,
      TaskSource source,
      Objective objective,
      Truncation truncation,
      int groups,
      int threads) {
    this.layout = layout;
    this.objective = objective;
    this.truncation = truncation;
    int tasksPerBatch = truncation.tasksPerBatch();
    if (groups < 1 || groups > tasksPerBatch || threads < 1) {
      throw new IllegalArgumentException(
          "need 1.." + tasksPerBatch + " groups and threads >= 1, got " + groups + ", " + threads);
    }
    blockPool = groups < threads ? new ForkJoinPool(threads) : null;
    this.groups =
        java.util.stream.IntStream.range(0, groups)
            .mapToObj(
                g ->
                    new TruncationWorker(
                        layout, source, objective, truncation, groups, g, blockPool))
            .toList();
    pool = new WorkerPool<>(Math.min(groups, threads), w -> w);
    groupLoss = new double[groups];
  }

  /**
   * Tasks per batch and the horizon cut into truncations. With {@code minHorizon} below {@code
   * horizon}, each round draws its horizon log-uniformly from [minHorizon, horizon] (a multiple of
   * {@code unroll}), a pure function of the round's index, so a resumed run meets the same ones;
   * the same sequence for every seed.
   *
   * @param tasksPerBatch tasks drawn per round
   * @param unroll optimizee steps per truncation (one outer step)
   * @param horizon the longest horizon: optimizee steps per task, a multiple of {@code unroll}
   * @param minHorizon the shortest horizon, a multiple of {@code unroll}; {@code horizon} for a
   *     fixed one
   */
  public record Truncation(int tasksPerBatch, int unroll, int horizon, int minHorizon)
      implements java.io.Serializable {
    private static final long HORIZON_KEY = 0x486f72697a6f6eL;

    /** A fixed horizon. */
    public Truncation(int tasksPerBatch, int unroll, int horizon) {
      this(tasksPerBatch, unroll, horizon, horizon);
    }

    /** Checks the sizes. */
    public Truncation {
      if (tasksPerBatch < 1 || unroll < 1 || horizon < 1) {
        throw new UsageException(
            "tasks, unroll and horizon must be positive, got "
                + tasksPerBatch
                + ", "
                + unroll
                + ", "
                + horizon);
      }
      if (horizon % unroll != 0) {
        throw new UsageException(
            "--horizon (" + horizon + ") must be a multiple of --unroll (" + unroll + ")");
      }
      if (minHorizon < unroll || minHorizon > horizon || minHorizon % unroll != 0) {
        throw new UsageException(
            "--min-horizon ("
                + minHorizon
                + ") must be a multiple of --unroll ("
                + unroll
                + ") no greater than --horizon ("
                + horizon
                + ")");
      }
    }

    /** The horizon of round {@code round}'s tasks. */
    public int horizon(long round) {
      if (minHorizon == horizon) {
        return horizon;
      }
      double u = Rng.forKey(HORIZON_KEY, round).nextDouble();
      double drawn = minHorizon * Math.pow((double) horizon / minHorizon, u);
      long truncations = Math.round(drawn / unroll);
      return (int) Math.clamp(truncations, minHorizon / unroll, horizon / unroll) * unroll;
    }

    /** Outer steps (truncations) of round {@code round}. */
    public int steps(long round) {
      return horizon(round) / unroll;
    }

    /** Outer steps of the longest round. */
    public int maxSteps() {
      return horizon / unroll;
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

  /**
   * Starts the tasks of step {@code step}'s round if that step is the round's first and they are
   * not started yet; {@link #estimate} does it too (benchmarks call it to leave it out of the
   * time).
   */
  public void prepare(float[] meta, long step) {
    if (step % stepsPerRound() == 0) {
      long round = step / stepsPerRound();
      pool.forEach(groups.size(), (w, g) -> groups.get(g).prepare(meta, round));
    }
  }

  @Override
  public double estimate(float[] meta, long step, float[] grad) {
    long round = step / stepsPerRound();
    int u = (int) (step % stepsPerRound());
    pool.forEach(groups.size(), (w, g) -> groupLoss[g] = groups.get(g).run(meta, round, u, null));
    return combine(
        objective,
        truncation,
        groups.stream().map(TruncationWorker::metaGradient).toList(),
        groupLoss,
        grad);
  }

  /**
   * Adds the groups' meta-gradients into {@code grad} (overwritten) along the {@link OrderedTree}
   * and returns the step's mean loss from the groups' loss sums: how every executor of the groups,
   * in one process or several, must combine them to give the same bits.
   */
  public static double combine(
      Objective objective,
      Truncation truncation,
      List<float[]> gradients,
      double[] losses,
      float[] grad) {
    List<OrderedTree.Partial> leaves = new java.util.ArrayList<>();
    for (int g = 0; g < gradients.size(); g++) {
      leaves.add(new OrderedTree.Partial(losses[g], gradients.get(g)));
    }
    return combine(objective, truncation, OrderedTree.root(leaves), grad);
  }

  /** As above, from the root of the groups' tree. */
  public static double combine(
      Objective objective, Truncation truncation, OrderedTree.Partial root, float[] grad) {
    System.arraycopy(root.gradient(), 0, grad, 0, grad.length);
    int tasks = truncation.tasksPerBatch();
    return objective instanceof Objective.FinalOuterLoss
        ? root.loss() / tasks
        : root.loss() / (tasks * (double) truncation.unroll());
  }

  @Override
  public long activationBytes() {
    long bytes = 0;
    for (TruncationWorker group : groups) {
      bytes += group.activationBytes();
    }
    return bytes;
  }

  /** The layout of the meta-parameters this estimator differentiates. */
  public MetaParameters layout() {
    return layout;
  }

  @Override
  public void close() {
    pool.close();
    if (blockPool != null) {
      blockPool.shutdownNow();
    }
  }
}
