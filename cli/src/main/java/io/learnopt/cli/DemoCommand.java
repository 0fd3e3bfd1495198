package io.learnopt.cli;

import io.learnopt.eval.Contender;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.optim.Optimizer;
import io.learnopt.outer.MetaTrainingConfig;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import io.learnopt.problem.Recipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnopt demo}: the paper's first experiment, end to end, in a few minutes. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Meta-train an LSTM optimizer on random 10-dimensional quadratics (Andrychowicz et al. "
          + "2016, Fig. 2), then compare it on 100 unseen quadratics with SGD, momentum, NAG, "
          + "RMSprop, Adam, AdaGrad and Rprop, each at its best learning rate. Writes everything "
          + "under --out."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--epochs",
      description =
          "Meta-training epochs of 32 tasks (default: train's, 6000, about two minutes on 2"
              + " cores).")
  Integer epochs;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Training seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", description = "Worker threads (default: the number of cores).")
  Integer threads;

  @Option(
      names = "--out",
      defaultValue = "runs/demo",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    OutputPaths.directory("--out", out);
    int workers = Cli.threads(threads);
    Problem problem = Problems.parse("quadratic");
    // Exactly 'learnopt train --problem quadratic' with the same seed and threads.
    Recipe recipe = problem.recipe();
    MetaTrainingConfig config =
        MetaTrainingConfig.fromRecipe(
            recipe, epochs == null ? recipe.epochs() : epochs, seed, workers);
    String command = Cli.command(spec);
    System.out.printf(
        "1/2 Meta-training an LSTM optimizer on quadratics (%d epochs)%n", config.epochs());
    Optimizer trained;
    Path model = out.resolve("quad.safetensors");
    try (ProblemMetaTraining training =
        ProblemMetaTraining.of(problem, new L2lLstm(recipe.architecture()), config)) {
      trained =
          TrainingSession.train(training, model, 60, null, false, command, System.out).optimizer();
    }
    System.out.println();
    System.out.println("2/2 Comparing with tuned baselines on 100 unseen quadratics");
    List<Contender> contenders = new ArrayList<>();
    contenders.add(new Contender.Fixed("lstm", trained, null, model.toString()));
    for (String name : EvalCommand.ALL_BASELINES.split(",")) {
      contenders.add(new Contender.Tuned(name));
    }
    EvaluationSession.run(
        problem,
        contenders,
        new EvaluationSession.Settings(100, 100, 100, 7, workers, null),
        out,
        command,
        System.out);
    return 0;
  }
}
