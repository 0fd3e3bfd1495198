package io.learnopt.eval;

import io.learnopt.UsageException;
import io.learnopt.optim.Optimizers;
import io.learnopt.problem.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares optimizers on the same tasks, the protocol of Andrychowicz et al. 2016 (§3): each tuned
 * baseline gets the learning rate with the lowest mean final loss on tuning tasks drawn from a
 * different seed stream than the reported test tasks; then every optimizer runs on the test tasks.
 */
public final class Comparison {
  private final Problem problem;
  private final int steps;
  private final int tasks;
  private final long seed;
  private final Evaluator evaluator;
  private final LearningRateGrid grid;
  private final int tuningTasks;

  /** A comparison on {@code tasks} test tasks (and as many tuning tasks) of {@code problem}. */
  public Comparison(
      Problem problem,
      int steps,
      int tasks,
      long seed,
      Evaluator evaluator,
      LearningRateGrid grid) {
    this(problem, steps, tasks, tasks, seed, evaluator, grid);
  }

  /**
   * A comparison on {@code tasks} test tasks of {@code problem} for {@code steps} steps, baselines
   * tuned on {@code tuningTasks} other tasks.
   */
  public Comparison(
      Problem problem,
      int steps,
      int tasks,
      int tuningTasks,
      long seed,
      Evaluator evaluator,
      LearningRateGrid grid) {
    if (tuningTasks < 1) {
      throw new UsageException("--tune-tasks must be a positive integer, got " + tuningTasks);
    }
    this.problem = problem;
    this.steps = steps;
    this.tasks = tasks;
    this.tuningTasks = tuningTasks;
    this.seed = seed;
    this.evaluator = evaluator;
    this.grid = grid;
  }

  /** Hears each finished evaluation, for progress bars. */
  public interface Progress {
    /** One evaluation (one optimizer at one learning rate on a task set) finished. */
    void evaluated(String contender, Double learningRate);

    /** The grid search of {@code contender} adds one evaluation beyond the grid's edge. */
    default void extending(String contender, double learningRate) {}
  }

  /**
   * One optimizer's outcome.
   *
   * @param name display name
   * @param learningRate the learning rate used (tuned or given), or null
   * @param curves losses on the test tasks
   * @param tuning the grid search, or null when the rate was not tuned
   */
  public record Entry(
      String name, Double learningRate, LossCurves curves, LearningRateGrid.Result tuning) {}

  /**
   * The outcome of a comparison, with what reproduces it.
   *
   * @param problem the problem spec
   * @param steps optimizer steps per task
   * @param tasks number of test tasks
   * @param seed the seed of the test and tuning tasks
   * @param entries one per contender, in the order given
   */
  public record Result(String problem, int steps, int tasks, long seed, List<Entry> entries) {}

  /**
   * Number of evaluations {@link #run} performs when no grid search extends past the grid, for a
   * progress bar's total; {@link Progress#extending} announces each one more.
   */
  public int evaluations(List<Contender> contenders) {
    int count = 0;
    for (Contender c : contenders) {
      count += c instanceof Contender.Tuned ? grid.rates().length + 1 : 1;
    }
    return count;
  }

  /** Runs every contender. */
  public Result run(List<Contender> contenders, Progress progress) {
    long[] testSeeds = TaskSeeds.TEST.seeds(seed, 0, tasks);
    long[] tuneSeeds = TaskSeeds.TUNE.seeds(seed, 0, tuningTasks);
    List<Entry> entries = new ArrayList<>();
    for (Contender contender : contenders) {
      switch (contender) {
        case Contender.Fixed fixed -> {
          LossCurves curves = evaluator.run(fixed.optimizer(), problem, testSeeds, steps);
          progress.evaluated(fixed.name(), fixed.learningRate());
          entries.add(new Entry(fixed.name(), fixed.learningRate(), curves, null));
        }
        case Contender.Tuned tuned -> {
          LearningRateGrid.Result tuning =
              grid.tune(
                  lr -> Optimizers.withLearningRate(tuned.name(), lr),
                  problem,
                  tuneSeeds,
                  steps,
                  evaluator.lossesOnly(),
                  new LearningRateGrid.Listener() {
                    @Override
                    public void extending(double rate) {
                      progress.extending(tuned.name(), rate);
                    }

                    @Override
                    public void evaluated(double rate) {
                      progress.evaluated(tuned.name(), rate);
                    }
                  });
          double lr = tuning.bestRate();
          LossCurves curves =
              evaluator.run(
                  Optimizers.withLearningRate(tuned.name(), lr), problem, testSeeds, steps);
          progress.evaluated(tuned.name(), lr);
          entries.add(new Entry(tuned.name(), lr, curves, tuning));
        }
      }
    }
    return new Result(problem.name(), steps, tasks, seed, List.copyOf(entries));
  }
}
