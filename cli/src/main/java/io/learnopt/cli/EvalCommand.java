package io.learnopt.cli;

import io.learnopt.eval.Contender;
import io.learnopt.eval.Evaluator;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnopt eval}: compares optimizers on held-out tasks. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare trained optimizers and tuned baselines on the same test tasks.",
      "Writes results.json, curves.csv, loss.png and loss.svg and prints a table. Each baseline"
          + " given by name is tuned: it gets the learning rate with the lowest mean final loss on"
          + " tuning tasks from another seed (1e-4 … 1 in half decades, extended past an edge"
          + " that wins).",
      "",
      "Example:",
      "  learnopt eval --problem quadratic \\",
      "      --optimizers runs/quad.safetensors,sgd,adam \\",
      "      --steps 100 --tasks 100 --seed 7 --out runs/quad-eval"
    })
public class EvalCommand implements Callable<Integer> {
  static final String ALL_BASELINES = "sgd,momentum,nag,rmsprop,adam,adagrad,rprop";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--problem",
      defaultValue = "quadratic",
      description = "Problem spec, as for train (default: ${DEFAULT-VALUE}).")
  String problem;

  @Option(
      names = "--optimizers",
      defaultValue = ALL_BASELINES,
      description =
          "Comma-separated list (default: ${DEFAULT-VALUE}) of:%n"
              + "- trained optimizer files, *.safetensors: a single one is named lstm (mlp-lopt"
              + " for an mlp-lopt file), several"
              + " are named after their files (quad for runs/quad.safetensors; a/quad and b/quad"
              + " when two share a name);%n"
              + "- baseline names: the learning rate is tuned;%n"
              + "- specs like adam:lr=0.1: used as given.")
  String optimizers;

  @Option(
      names = "--steps",
      defaultValue = "100",
      description = "Steps per task (default: ${DEFAULT-VALUE}).")
  int steps;

  @Mixin TestTaskOptions test;

  @Option(
      names = "--tune-tasks",
      description = "Tuning tasks per learning rate (default: as many as --tasks).")
  Integer tuneTasks;

  @Option(names = "--out", required = true, description = "Directory for the result files.")
  Path out;

  /**
   * Where the (optimizer, task) runs execute, for problems read from {@code dataDir}: null, on this
   * process's threads; the Spark entry point runs them as Spark tasks.
   */
  protected Evaluator.Runner runner(Path dataDir) {
    return null;
  }

  @Override
  public Integer call() {
    OutputPaths.directory("--out", out);
    Cli.requirePositive("--steps", steps);
    int tasks = test.tasks();
    Problem parsed = Problems.parse(problem, test.data.dir);
    List<Contender> contenders = Contenders.parse(optimizers);
    EvaluationSession.run(
        parsed,
        contenders,
        new EvaluationSession.Settings(
            steps,
            tasks,
            tuneTasks == null ? tasks : tuneTasks,
            test.seed,
            test.threads(),
            null,
            runner(test.data.dir)),
        out,
        Cli.command(spec),
        System.out);
    return 0;
  }
}
