package io.learnopt.cli;

import io.learnopt.LearnoptException;
import io.learnopt.cli.plot.TextTable;
import io.learnopt.cli.report.HtmlReport;
import io.learnopt.eval.Comparison;
import io.learnopt.eval.Contender;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.learned.LstmOptimizerFile;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.outer.MetaTrainingConfig;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import io.learnopt.problem.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code learnopt paper}: the MNIST experiments of Andrychowicz et al. 2016, §3.2, and a report.
 */
@Command(
    name = "paper",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the MNIST protocol of Andrychowicz et al. 2016 (§3.2, Figs. 3–5): an LSTM optimizer "
          + "meta-trained on a 784-20-10 sigmoid MLP (batch 128, 100 steps) against tuned "
          + "baselines on the trained setting, on 200 steps, on 40 hidden units, on two hidden "
          + "layers and on ReLU. Uses the shipped models/mnist-l2l.safetensors unless --retrain. "
          + "Writes one directory per experiment and report.html."
    })
final class PaperCommand implements Callable<Integer> {
  /** The base optimizee the shipped model was trained on. */
  static final String BASE = "mnist-mlp:hidden=20,act=sigmoid,batch=128";

  /** Seed of the shipped model's meta-training (models/README.md records the command). */
  static final long TRAIN_SEED = 1;

  private record Experiment(String id, String problem, int steps, String title) {}

  private static final List<Experiment> EXPERIMENTS =
      List.of(
          new Experiment("base-100", BASE, 100, "Trained setting: MLP 20 sigmoid, 100 steps"),
          new Experiment("base-200", BASE, 200, "Longer horizon: 200 steps (trained on 100)"),
          new Experiment(
              "hidden-40",
              "mnist-mlp:hidden=40,act=sigmoid,batch=128",
              100,
              "Wider network: 40 hidden units (trained on 20)"),
          new Experiment(
              "two-layers",
              "mnist-mlp:hidden=20,20,act=sigmoid,batch=128",
              100,
              "Deeper network: two hidden layers of 20 (trained on one)"),
          new Experiment(
              "relu",
              "mnist-mlp:hidden=20,act=relu,batch=128",
              100,
              "Other activation: ReLU (trained on sigmoid)"));

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "runs/paper",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--model",
      description = "Trained LSTM optimizer to evaluate (default: models/mnist-l2l.safetensors).")
  Path model;

  @Option(
      names = "--retrain",
      description = "Meta-train the optimizer first (about 25 minutes on 2 cores).")
  boolean retrain;

  @Mixin TestTaskOptions test;

  @Option(
      names = "--tune-tasks",
      defaultValue = "20",
      description = "Tuning tasks per baseline learning rate (default: ${DEFAULT-VALUE}).")
  int tuneTasks;

  @Override
  public Integer call() {
    OutputPaths.directory("--out", out);
    int tasks = test.tasks();
    Cli.requirePositive("--tune-tasks", tuneTasks);
    int workers = test.threads();
    String command = Cli.command(spec);
    Path modelFile = retrain ? out.resolve("mnist-l2l.safetensors") : modelPath();
    LstmOptimizer lstm = retrain ? train(workers, command) : LstmOptimizerFile.load(modelFile);
    List<Path> dirs = new ArrayList<>();
    TextTable summary =
        new TextTable("experiment", "lstm", "best baseline", "its mean final loss", "lstm wins");
    for (Experiment e : EXPERIMENTS) {
      System.out.printf(Locale.ROOT, "%n== %s: %s ==%n", e.id(), e.title());
      Problem problem = Problems.parse(e.problem(), test.data.dir);
      List<Contender> contenders = new ArrayList<>();
      contenders.add(new Contender.Fixed("lstm", lstm, null, modelFile.toString()));
      for (String name : EvalCommand.ALL_BASELINES.split(",")) {
        contenders.add(new Contender.Tuned(name));
      }
      Path dir = out.resolve(e.id());
      Comparison.Result result =
          EvaluationSession.run(
              problem,
              contenders,
              new EvaluationSession.Settings(
                  e.steps(), tasks, tuneTasks, test.seed, workers, e.title()),
              dir,
              command,
              System.out);
      dirs.add(dir);
      summary.addRow(summaryRow(e.id(), result));
    }
    Path report = out.resolve("report.html");
    HtmlReport.write(
        report, dirs, "learnopt: learning to learn on MNIST (Andrychowicz et al. 2016)");
    System.out.printf("%nMean final loss on %d test tasks per experiment:%n", tasks);
    System.out.print(summary.render());
    System.out.printf("%nReport: %s%n", report);
    return 0;
  }

  private static List<String> summaryRow(String id, Comparison.Result result) {
    double lstm = Double.NaN;
    String bestName = "-";
    double best = Double.POSITIVE_INFINITY;
    for (Comparison.Entry entry : result.entries()) {
      double mean = entry.curves().finalSummary().mean();
      if (entry.name().equals("lstm")) {
        lstm = mean;
      } else if (mean < best) {
        best = mean;
        bestName = entry.name();
      }
    }
    return List.of(
        id,
        String.format(Locale.ROOT, "%.4g", lstm),
        bestName,
        String.format(Locale.ROOT, "%.4g", best),
        lstm < best ? "yes" : "no");
  }

  private Path modelPath() {
    if (model != null) {
      return model;
    }
    Path home = Path.of(System.getProperty("learnopt.home", "."));
    Path shipped = home.resolve("models").resolve("mnist-l2l.safetensors");
    if (!Files.exists(shipped)) {
      throw new LearnoptException(
          "no trained model at " + shipped + "; pass --model FILE or --retrain");
    }
    return shipped;
  }

  private LstmOptimizer train(int workers, String command) {
    Problem problem = Problems.parse(BASE, test.data.dir);
    // Exactly 'learnopt train --problem BASE --seed 1': train's defaults for MNIST.
    Recipe recipe = problem.recipe();
    MetaTrainingConfig config =
        MetaTrainingConfig.fromRecipe(recipe, recipe.epochs(), TRAIN_SEED, workers);
    try (ProblemMetaTraining training =
        ProblemMetaTraining.of(problem, new L2lLstm(recipe.architecture()), config)) {
      return TrainingSession.trainL2l(
          training, out.resolve("mnist-l2l.safetensors"), 60, null, false, command, System.out);
    }
  }
}
