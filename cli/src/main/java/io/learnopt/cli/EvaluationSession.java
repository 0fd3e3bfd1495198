package io.learnopt.cli;

import io.learnopt.MemoryBudget;
import io.learnopt.UsageException;
import io.learnopt.eval.Comparison;
import io.learnopt.eval.Contender;
import io.learnopt.eval.Evaluator;
import io.learnopt.eval.LearningRateGrid;
import io.learnopt.problem.Problem;
import io.learnopt.tensor.ParameterGroups;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;

/**
 * Runs a comparison for {@code eval} and {@code demo}, with a progress bar, and writes its files.
 */
final class EvaluationSession {
  private EvaluationSession() {}

  /**
   * How to compare.
   *
   * @param steps steps per task
   * @param tasks test tasks
   * @param tuningTasks tasks for the learning-rate grid
   * @param seed seed of the test and tuning tasks
   * @param threads worker threads
   * @param title a heading for results.json and the report, or null
   * @param runner where the (optimizer, task) runs execute (a cache, Spark), or null for this
   *     process's threads
   */
  record Settings(
      int steps,
      int tasks,
      int tuningTasks,
      long seed,
      int threads,
      String title,
      Evaluator.Runner runner) {
    Settings(int steps, int tasks, int tuningTasks, long seed, int threads, String title) {
      this(steps, tasks, tuningTasks, seed, threads, title, null);
    }
  }

  static Comparison.Result run(
      Problem problem,
      List<Contender> contenders,
      Settings settings,
      Path dir,
      String command,
      PrintStream out) {
    long curve = MemoryBudget.product(settings.steps() + 1L, 8);
    MemoryBudget.require(
        MemoryBudget.sum(
            MemoryBudget.product(contenders.size(), settings.tasks(), curve, 2),
            MemoryBudget.product(settings.tuningTasks(), curve),
            MemoryBudget.product(settings.threads(), problem.taskBytes())),
        "evaluating "
            + contenders.size()
            + " optimizers on "
            + settings.tasks()
            + " tasks of "
            + settings.steps()
            + " steps",
        "lower --tasks or --steps");
    requireApplicable(problem, contenders, settings.seed());
    Comparison comparison =
        new Comparison(
            problem,
            settings.steps(),
            settings.tasks(),
            settings.tuningTasks(),
            settings.seed(),
            new Evaluator(settings.threads(), true, settings.runner()),
            new LearningRateGrid());
    Comparison.Result result;
    try (ProgressBar bar = Progress.bar("evaluate", comparison.evaluations(contenders), "runs")) {
      result =
          comparison.run(
              contenders,
              new Comparison.Progress() {
                @Override
                public void evaluated(String name, Double lr) {
                  bar.step();
                  bar.setExtraMessage(
                      " " + name + (lr == null ? "" : String.format(" lr=%.2g", lr)));
                }

                @Override
                public void extending(String name, double lr) {
                  bar.maxHint(bar.getMax() + 1);
                }
              });
    }
    Map<String, String> models = new LinkedHashMap<>();
    for (Contender c : contenders) {
      if (c instanceof Contender.Fixed fixed && fixed.model() != null) {
        models.put(fixed.name(), fixed.model());
      }
    }
    ResultFiles.writeAll(result, models, dir, command, settings.title());
    ArtFigure.writeIfArt(problem, contenders, result, dir, settings.seed());
    out.print(ResultFiles.table(result));
    out.printf(
        "%nResults: %s, %s%nPlot:    %s, %s%n",
        dir.resolve("results.json"),
        dir.resolve("curves.csv"),
        dir.resolve("loss.png"),
        dir.resolve("loss.svg"));
    return result;
  }

  /**
   * Fails with a usage error before any work if a given optimizer cannot run on the problem's tasks
   * (one rule per parameter group on a task without those groups).
   */
  private static void requireApplicable(Problem problem, List<Contender> contenders, long seed) {
    ParameterGroups groups = null;
    for (Contender c : contenders) {
      if (c instanceof Contender.Fixed fixed) {
        if (groups == null) {
          groups = problem.sample(seed).groups();
        }
        try {
          fixed.optimizer().init(groups);
        } catch (IllegalArgumentException e) {
          throw new UsageException(
              "optimizer '"
                  + fixed.name()
                  + "' cannot run on "
                  + problem.name()
                  + ": "
                  + e.getMessage());
        }
      }
    }
  }
}
