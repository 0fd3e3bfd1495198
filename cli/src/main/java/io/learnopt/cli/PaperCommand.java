package io.learnopt.cli;

import io.learnopt.LearnoptException;
import io.learnopt.data.Cifar10;
import io.learnopt.eval.Contender;
import io.learnopt.lopt.GroupedRules;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.lopt.LearnedModel;
import io.learnopt.lopt.LearnedModels;
import io.learnopt.lopt.LearnedOptimizer;
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
 * {@code learnopt paper}: the experiments of Andrychowicz et al. 2016 (§3.2 MNIST, §3.3 conv net)
 * with tuned baselines beside the learned optimizers, and a report.
 */
@Command(
    name = "paper",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run a protocol of Andrychowicz et al. 2016 against every tuned baseline and write one"
          + " directory per setting and report.html.",
      "mnist (§3.2, Figs. 3–4): an LSTM meta-trained on a 784-20-10 sigmoid MLP (batch 128, 100"
          + " steps), tested on that setting, on 200 steps, on 40 hidden units, on two hidden"
          + " layers and on ReLU.",
      "conv (§3.3, Fig. 5): the paper's conv net with one LSTM for the convolution kernels and"
          + " one for the rest, trained on all ten classes, and LSTM-sub trained on classes 5–9"
          + " only; tested on all ten classes and on the subsets 0–4 and 0–1. On MNIST as a"
          + " stand-in for CIFAR-10 unless --data holds CIFAR-10.",
      "art (§3.4, Figs. 6–7): an LSTM trained on styling 64×64 photographs with one style, tested"
          + " on held-out photographs at 64×64 and 128×128 and with a second style; the report"
          + " shows the images.",
      "Uses the shipped models in models/ unless --retrain."
    })
final class PaperCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--experiment",
      defaultValue = "mnist",
      description = "Which protocol: mnist, conv or art (default: ${DEFAULT-VALUE}).")
  String experiment;

  @Option(
      names = "--out",
      description = "Output directory (default: runs/paper, runs/paper-conv or runs/paper-art).")
  Path out;

  @Option(
      names = "--model",
      description =
          "Trained optimizer to evaluate as 'lstm' (default: the shipped model of the"
              + " experiment in models/).")
  Path model;

  @Option(
      names = "--retrain",
      description =
          "Meta-train the optimizers first (mnist: about 25 minutes on 2 cores; conv: two runs of about 40"
              + " minutes; art: about 15 minutes).")
  boolean retrain;

  @Option(
      names = "--settings",
      paramLabel = "ID[,ID]",
      description =
          "Run only these settings (mnist: base-100, base-200, hidden-40, two-layers, relu;"
              + " conv: all-10, subset-5, subset-2; art: test-64, test-128, new-style); the"
              + " report covers every setting whose results are in --out, so a long protocol"
              + " can be run a part at a time (default: all).")
  String settingIds;

  @Mixin TestTaskOptions test;

  @Option(
      names = "--tune-tasks",
      description = "Tuning tasks per baseline learning rate (default: 20; 3 for conv and art).")
  Integer tuneTasks;

  @Override
  public Integer call() {
    PaperSuite suite = PaperSuite.named(experiment);
    List<PaperSuite.Setting> settings = suite.settings(settingIds);
    Path dirOut = out != null ? out : suite.defaultOut();
    OutputPaths.directory("--out", dirOut);
    int tasks = test.tasks(suite.defaultTasks());
    int tuning = tuneTasks == null ? suite.defaultTuneTasks() : tuneTasks;
    Cli.requirePositive("--tune-tasks", tuning);
    int workers = test.threads();
    String command = Cli.command(spec);
    if (suite.note() != null) {
      System.out.println(suite.note());
      if (!retrain && test.data.dir != null && Cifar10.isCifar10(test.data.dir)) {
        System.out.println(
            "Warning: evaluating the shipped models, meta-trained on MNIST, on CIFAR-10.");
      }
    }
    List<Contender> learned = new ArrayList<>();
    for (int m = 0; m < suite.models().size(); m++) {
      PaperSuite.Model optimizer = suite.models().get(m);
      Path file =
          retrain
              ? dirOut.resolve(optimizer.file())
              : (m == 0 && model != null ? model : shipped(optimizer.file()));
      LearnedModel trained =
          retrain ? train(optimizer, file, workers, command) : LearnedModels.load(file);
      learned.add(
          new Contender.Fixed(optimizer.name(), trained.optimizer(), null, file.toString()));
    }
    List<SuiteRun.Item> all = new ArrayList<>();
    List<SuiteRun.Item> chosen = new ArrayList<>();
    for (PaperSuite.Setting e : suite.settings()) {
      SuiteRun.Item item =
          new SuiteRun.Item(e.id(), e.problem(), e.steps(), tasks, tuning, e.title());
      all.add(item);
      if (settings.contains(e)) {
        chosen.add(item);
      }
    }
    SuiteRun.run(
        chosen,
        all,
        learned,
        new SuiteRun.Where(dirOut, test.data.dir, test.seed, workers, command, suite.title()),
        System.out);
    return 0;
  }

  private static Path shipped(String file) {
    Path home = Path.of(System.getProperty("learnopt.home", "."));
    Path shipped = home.resolve("models").resolve(file);
    if (!Files.exists(shipped)) {
      throw new LearnoptException(
          "no trained model at " + shipped + "; pass --model FILE or --retrain");
    }
    return shipped;
  }

  /**
   * Exactly {@code learnopt train --problem P [--per-group] --seed 1}: train's defaults for the
   * problem.
   */
  private LearnedModel train(PaperSuite.Model optimizer, Path file, int workers, String command) {
    Problem problem = Problems.parse(optimizer.problem(), test.data.dir);
    Recipe recipe = problem.recipe();
    MetaTrainingConfig config =
        MetaTrainingConfig.fromRecipe(recipe, recipe.epochs(), PaperSuite.TRAIN_SEED, workers);
    L2lLstm lstm = new L2lLstm(recipe.architecture());
    LearnedOptimizer rule =
        optimizer.perGroup() ? GroupedRules.of(problem.parameterGroups(), lstm) : lstm;
    System.out.printf(Locale.ROOT, "%nMeta-training %s on %s%n", optimizer.name(), problem.name());
    try (ProblemMetaTraining training = ProblemMetaTraining.of(problem, rule, config)) {
      return TrainingSession.train(training, file, 60, null, false, command, System.out);
    }
  }
}
