package io.learnopt.cli;

import io.learnopt.UsageException;
import io.learnopt.eval.Contender;
import io.learnopt.eval.Evaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code learnopt generalize}: learned optimizers on networks and horizons they were not trained
 * on, against every baseline tuned per setting.
 */
@Command(
    name = "generalize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the held-out generalization suite with trained optimizers against every baseline,"
          + " each baseline at its best learning rate for the setting (tuned on other tasks),"
          + " and write one directory per setting and report.html. Settings:",
      "relu-100, relu-1000: the 784-20-10 MLP with ReLU (the paper's failing case), 100 and"
          + " 1,000 steps;",
      "deep-relu-1000: three hidden layers of 128 with ReLU, 1,000 steps;",
      "sigmoid-100: the paper's base network, 100 steps;",
      "conv-500: the paper's conv net (cifar-conv), 500 steps;",
      "relu-10000: the ReLU MLP for 10,000 steps (does it diverge?);",
      "quadratic-100: 10-dimensional quadratics, 100 steps.",
      "20 test tasks per setting and 10 tuning tasks per rate (10 and 3 for deep-relu-1000 and"
          + " conv-500). A long suite can be run a part at a time with --settings.",
      "",
      "Example:",
      "  learnopt generalize --optimizers runs/general.safetensors --settings relu-100"
    })
public class GeneralizeCommand implements Callable<Integer> {
  /** The suite, in order. */
  static final List<SuiteRun.Item> SUITE =
      List.of(
          new SuiteRun.Item(
              "relu-100", "mnist-mlp:act=relu", 100, 20, 10, "MLP 784-20-10, ReLU, 100 steps"),
          new SuiteRun.Item(
              "relu-1000", "mnist-mlp:act=relu", 1000, 20, 10, "MLP 784-20-10, ReLU, 1,000 steps"),
          new SuiteRun.Item(
              "deep-relu-1000",
              "mnist-mlp:hidden=128,128,128,act=relu",
              1000,
              10,
              3,
              "MLP 784-128-128-128-10, ReLU, 1,000 steps (wider and deeper than training)"),
          new SuiteRun.Item(
              "sigmoid-100",
              "mnist-mlp:hidden=20,act=sigmoid",
              100,
              20,
              10,
              "MLP 784-20-10, sigmoid, 100 steps (the paper's base)"),
          new SuiteRun.Item(
              "conv-500", "cifar-conv", 500, 10, 3, "The paper's conv net, 500 steps"),
          new SuiteRun.Item(
              "relu-10000",
              "mnist-mlp:act=relu",
              10000,
              20,
              10,
              "MLP 784-20-10, ReLU, 10,000 steps"),
          new SuiteRun.Item(
              "quadratic-100", "quadratic", 100, 20, 10, "10-dimensional quadratics, 100 steps"));

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--optimizers",
      required = true,
      description =
          "Trained optimizer files (*.safetensors), comma-separated: a single one is named lstm"
              + " (the L2L LSTM) or after its rule (mlp-lopt), several after their files.")
  String optimizers;

  @Option(
      names = "--settings",
      paramLabel = "ID[,ID]",
      description = "Run only these settings (default: all).")
  String settingIds;

  @Option(names = "--out", description = "Output directory (default: runs/generalize).")
  Path out;

  @Mixin TestTaskOptions test;

  @Option(
      names = "--tune-tasks",
      description = "Tuning tasks per learning rate for every setting (default: per setting).")
  Integer tuneTasks;

  @Override
  public Integer call() {
    List<SuiteRun.Item> chosen = SuiteRun.select(SUITE, SuiteRun.Item::id, settingIds, "");
    List<Contender> learned = Contenders.parse(optimizers);
    for (Contender c : learned) {
      if (!(c instanceof Contender.Fixed fixed) || fixed.model() == null) {
        throw new UsageException(
            "--optimizers takes trained optimizer files only ('"
                + c.name()
                + "' is not one); every baseline is run and tuned anyway");
      }
    }
    if (tuneTasks != null) {
      Cli.requirePositive("--tune-tasks", tuneTasks);
    }
    Path dirOut = out != null ? out : Path.of("runs/generalize");
    OutputPaths.directory("--out", dirOut);
    List<SuiteRun.Item> items = new ArrayList<>();
    for (SuiteRun.Item e : chosen) {
      items.add(
          new SuiteRun.Item(
              e.id(),
              e.problem(),
              e.steps(),
              test.tasks(e.tasks()),
              tuneTasks != null ? tuneTasks : e.tuneTasks(),
              e.title()));
    }
    SuiteRun.run(
        items,
        SUITE,
        learned,
        new SuiteRun.Where(
            dirOut,
            test.data.dir,
            test.seed,
            test.threads(),
            Cli.command(spec),
            "learnopt: generalization to unseen networks and horizons",
            runner(test.data.dir)),
        System.out);
    return 0;
  }

  /**
   * Where the (optimizer, task) runs execute, for problems read from {@code dataDir}: null, on this
   * process's threads; the Spark entry point runs them as Spark tasks.
   */
  protected Evaluator.Runner runner(Path dataDir) {
    return null;
  }
}
