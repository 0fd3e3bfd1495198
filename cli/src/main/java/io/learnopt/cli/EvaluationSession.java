package io.learnopt.cli;

import io.learnopt.eval.Comparison;
import io.learnopt.eval.Contender;
import io.learnopt.eval.Evaluator;
import io.learnopt.eval.LearningRateGrid;
import io.learnopt.problem.Problem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;

/**
 * Runs a comparison for {@code eval} and {@code demo}, with a progress bar, and writes its files.
 */
final class EvaluationSession {
  private EvaluationSession() {}

  static Comparison.Result run(
      Problem problem,
      List<Contender> contenders,
      int steps,
      int tasks,
      long seed,
      int threads,
      Path dir,
      String command,
      PrintStream out) {
    Comparison comparison =
        new Comparison(problem, steps, tasks, seed, new Evaluator(threads), new LearningRateGrid());
    Comparison.Result result;
    try (ProgressBar bar = Progress.bar("evaluate", comparison.evaluations(contenders), "runs")) {
      result =
          comparison.run(
              contenders,
              (name, lr) -> {
                bar.step();
                bar.setExtraMessage(" " + name + (lr == null ? "" : String.format(" lr=%.2g", lr)));
              });
    }
    ResultFiles.writeAll(result, dir, command);
    out.print(ResultFiles.table(result));
    out.printf(
        "%nResults: %s, %s%nPlot:    %s, %s%n",
        dir.resolve("results.json"),
        dir.resolve("curves.csv"),
        dir.resolve("loss.png"),
        dir.resolve("loss.svg"));
    return result;
  }
}
