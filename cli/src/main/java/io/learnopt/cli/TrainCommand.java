package io.learnopt.cli;

import io.learnopt.UsageException;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.Preprocessing;
import io.learnopt.lopt.GroupedRules;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.lopt.MlpLopt;
import io.learnopt.lopt.MlpLoptConfig;
import io.learnopt.outer.MetaTrainingConfig;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import io.learnopt.problem.Recipe;
import io.learnopt.problem.StepWeighting;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnopt train}: meta-trains an LSTM optimizer and saves the best one. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Meta-train a learned optimizer (by default the paper's coordinatewise LSTM, 2 layers × 20"
          + " units; --rule mlp-lopt for a per-parameter MLP) on a problem by truncated BPTT, validate it every --eval-every epochs on held-out tasks, and save "
          + "the best one as safetensors. A checkpoint is written at least every minute; --resume "
          + "continues from it.",
      "",
      "Example:",
      "  learnopt train --problem quadratic --out runs/quad.safetensors"
    })
public class TrainCommand implements Callable<Integer> {
  /**
   * What {@code --recompute} costs, as measured by {@code learnopt bench --workload lstm-scale}
   * (bench/README.md); README.md states the same. A help text is a format string, hence {@code %%}.
   */
  /** The coordinatewise LSTM with RNNprop's Adam inputs and tanh output. */
  static final String RNNPROP = "rnnprop";

  static final String RECOMPUTE_COST =
      "11× less memory (171 MB instead of 1.9 GB) for 18%% more time (a second forward pass)";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--problem",
      defaultValue = "quadratic",
      description =
          "Problem spec, one of (default: ${DEFAULT-VALUE}):%n"
              + "quadratic[:dim=D]%n"
              + "polynomial[:degree=,samples=,noise=]%n"
              + "rosenbrock%n"
              + "mnist-mlp[:hidden=20,act=sigmoid,batch=128]%n"
              + "(hidden=20,20 for two layers; act sigmoid, relu or tanh)%n"
              + "cifar-conv[:channels=,kernel=,fc=,batch=,classes=]%n"
              + "(the paper's conv net, defaults 16, 5, 32, 128 and 0-9; on MNIST, or on"
              + " CIFAR-10 with --data; classes=0-4 or 3,5 picks a subset)%n"
              + "neural-art[:size=,style=,images=,features=]%n"
              + "(style transfer over an image's pixels, defaults 64, elephants, train (or"
              + " test, all) and random (or a VGG-19 .safetensors file); content-weight=1"
              + " weighs the content term)%n"
              + "general-mixture[:rescale=0.1-10]%n"
              + "(MNIST MLPs of several widths, depths, activations and batch sizes, small conv"
              + " nets and quadratics, each task's parameters rescaled by a log-uniform factor;"
              + " rescale=1 turns that off).")
  String problem;

  @Option(
      names = "--out",
      required = true,
      description =
          "Where to save the trained optimizer (.safetensors). The checkpoint and the"
              + " CSV log go beside it.")
  Path out;

  @Option(
      names = "--epochs",
      description = "Epochs (default: 6000; 1000 for mnist-mlp, 250 for cifar-conv).")
  Integer epochs;

  @Option(
      names = "--unroll",
      defaultValue = "20",
      description = "Optimizee steps per truncated unroll (default: ${DEFAULT-VALUE}).")
  int unroll;

  @Option(
      names = "--horizon",
      defaultValue = "100",
      description =
          "Optimizee steps per task, a multiple of --unroll; with --min-horizon the longest"
              + " (default: ${DEFAULT-VALUE}).")
  int horizon;

  @Option(
      names = "--min-horizon",
      description =
          "Draw each epoch's horizon log-uniformly between this and --horizon (multiples of"
              + " --unroll), so the rule meets short and long runs; the same draws on resume"
              + " (default: a fixed --horizon).")
  Integer minHorizon;

  @Option(
      names = "--tasks-per-epoch",
      description =
          "Tasks optimized together per epoch (default: 32; 1 for mnist-mlp, 2 for cifar-conv). The paper used"
              + " 128 quadratics; 32 learn as much per epoch at a quarter of the cost.")
  Integer tasksPerEpoch;

  @Option(
      names = "--lr",
      description =
          "Adam learning rate of the meta-optimizer (default: 1e-3; 1e-2 for mnist-mlp and cifar-conv).")
  Double lr;

  @Option(
      names = "--clip",
      defaultValue = "0",
      description =
          "Clip the meta-gradient to this global norm; 0 = off (default: ${DEFAULT-VALUE}).")
  double clip;

  @Option(
      names = "--eval-every",
      description =
          "Validate and keep the best every N epochs (default: 200; 25 for mnist-mlp and cifar-conv).")
  Integer evalEvery;

  @Option(
      names = "--eval-tasks",
      description = "Held-out validation tasks (default: 100; 20 for mnist-mlp, 4 for cifar-conv).")
  Integer evalTasks;

  @Option(
      names = "--weighting",
      description =
          "Meta-loss weights w_t: uniform (w_t = 1, the paper) or linear (w_t = t/T)"
              + " (default: uniform; linear for mnist-mlp and cifar-conv).")
  String weighting;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin DataOption data;

  @Option(
      names = "--threads",
      description =
          "Worker threads (default: the number of cores). Results are reproducible for"
              + " a given seed and thread count.")
  Integer threads;

  @Option(
      names = "--preprocessing",
      description =
          "Gradient preprocessing: raw or log-sign (default: raw for quadratic, log-sign"
              + " otherwise, as in the paper).")
  String preprocessing;

  @Option(
      names = "--output-scale",
      description =
          "Factor on the LSTM output (default: 1.0 for quadratic, 0.01 for cifar-conv, 0.1 otherwise).")
  Float outputScale;

  @Option(
      names = "--p",
      defaultValue = "10",
      description = "Log-sign parameter p (default: ${DEFAULT-VALUE}).")
  float p;

  @Option(
      names = "--layers",
      defaultValue = "2",
      description = "LSTM layers (default: ${DEFAULT-VALUE}).")
  int layers;

  @Option(
      names = "--hidden",
      defaultValue = "20",
      description = "LSTM units per layer (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--recompute",
      description =
          "Keep only the gradients during an unroll and recompute the LSTM activations in the"
              + " backward pass (activation checkpointing): the same meta-gradient, bit for bit;"
              + " at 10^5 coordinates and --unroll 20, "
              + RECOMPUTE_COST
              + ". The saving grows with --unroll.")
  boolean recompute;

  @Option(
      names = "--per-group",
      description =
          "One LSTM per parameter group, each with its own weights, trained jointly (the"
              + " paper's CIFAR optimizer: cifar-conv's convolution kernels in group 'conv',"
              + " every other tensor in 'fc'). The model file stores them all with their group"
              + " names.")
  boolean perGroup;

  @Option(
      names = "--rule",
      defaultValue = "l2l",
      description =
          "The learned optimizer: l2l (the paper's coordinatewise LSTM; --layers, --hidden,"
              + " --preprocessing, --p, --output-scale and --per-group shape it), rnnprop (the"
              + " same LSTM reading Adam-normalized momentum and gradient, output"
              + " 0.1·tanh(·): Lv et al. 2017) or mlp-lopt (a small MLP per coordinate reading"
              + " momenta, second moment and time features, normalized per tensor; far cheaper"
              + " per step) (default: ${DEFAULT-VALUE}).")
  String rule;

  @Option(
      names = "--estimator",
      defaultValue = "bptt",
      description =
          "How the meta-gradient is estimated: bptt (truncated backpropagation through time,"
              + " the gradient an input) or pes (persistent evolution strategies: unbiased over"
              + " the whole horizon, no backward pass; --pes-pairs, --pes-sigma) (default:"
              + " ${DEFAULT-VALUE}).")
  String estimator;

  @Option(
      names = "--pes-pairs",
      defaultValue = "8",
      description = "PES: antithetic pairs of particles per task (default: ${DEFAULT-VALUE}).")
  int pesPairs;

  @Option(
      names = "--pes-sigma",
      defaultValue = "0.01",
      description =
          "PES: standard deviation of the perturbations of φ (default: ${DEFAULT-VALUE}).")
  float pesSigma;

  @Mixin RunFileOptions files;

  @Override
  public Integer call() {
    if (!List.of("bptt", "pes").contains(estimator)) {
      throw new UsageException("unknown --estimator '" + estimator + "': choose bptt or pes");
    }
    ProblemMetaTraining.PesSettings pes = null;
    if (estimator.equals("pes")) {
      Cli.requirePositive("--pes-pairs", pesPairs);
      if (!(pesSigma > 0) || Float.isInfinite(pesSigma)) {
        throw new UsageException("--pes-sigma must be positive, got " + pesSigma);
      }
      pes = new ProblemMetaTraining.PesSettings(pesPairs, pesSigma);
    }
    if (!List.of(L2lLstm.NAME, RNNPROP, MlpLopt.NAME).contains(rule)) {
      throw new UsageException(
          "unknown --rule '"
              + rule
              + "': choose "
              + L2lLstm.NAME
              + ", "
              + RNNPROP
              + " or "
              + MlpLopt.NAME);
    }
    List<String> lstmOnly =
        List.of("--per-group", "--output-scale", "--layers", "--hidden", "--recompute");
    for (String option : List.of("--preprocessing", "--p")) {
      refuseUnless(option, L2lLstm.NAME);
    }
    for (String option : lstmOnly) {
      refuseUnless(option, L2lLstm.NAME, RNNPROP);
    }
    if (!estimator.equals("pes")) {
      for (String pesOnly : List.of("--pes-pairs", "--pes-sigma")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(pesOnly)) {
          throw new UsageException(pesOnly + " goes with --estimator pes");
        }
      }
    }
    OutputPaths.modelFile("--out", out);
    files.checkPaths();
    Problem parsed = Problems.parse(problem, data.dir);
    Recipe recipe = parsed.recipe();
    LstmOptimizerConfig architecture =
        rule.equals(RNNPROP)
            ? rnnprop(outputScale, layers, hidden)
            : architecture(recipe, preprocessing, outputScale, p, layers, hidden);
    MetaTrainingConfig config =
        new MetaTrainingConfig(
            epochs == null ? recipe.epochs() : epochs,
            unroll,
            horizon,
            tasksPerEpoch == null ? recipe.tasksPerEpoch() : tasksPerEpoch,
            lr == null ? recipe.metaLearningRate() : lr,
            clip,
            evalEvery == null ? recipe.evalEvery() : evalEvery,
            evalTasks == null ? recipe.evalTasks() : evalTasks,
            seed,
            Cli.threads(threads),
            weighting == null ? recipe.weighting() : StepWeighting.parse(weighting),
            minHorizon == null ? horizon : minHorizon);
    Cli.requirePositive("--checkpoint-every", files.checkpointSeconds);
    try (ProblemMetaTraining training =
        ProblemMetaTraining.of(
            parsed,
            rule(parsed, architecture),
            config,
            pes,
            bpttFactory(problem, data.dir),
            pesFactory(problem, data.dir))) {
      TrainingSession.train(
          training,
          out,
          files.checkpointSeconds,
          files.tensorboard,
          files.resume,
          Cli.command(spec),
          System.out);
    }
    return 0;
  }

  /**
   * Where truncated BPTT's groups run for problem spec {@code problem} with data from {@code
   * dataDir}: null, in this process; the Spark entry point runs them as Spark tasks.
   */
  protected ProblemMetaTraining.BpttFactory bpttFactory(String problem, Path dataDir) {
    return null;
  }

  /**
   * Where PES's groups of tasks run for problem spec {@code problem} with data from {@code
   * dataDir}: null, in this process; the Spark entry point runs them as Spark tasks.
   */
  protected ProblemMetaTraining.PesFactory pesFactory(String problem, Path dataDir) {
    return null;
  }

  /** Refuses {@code option} if the user gave it with a rule other than {@code rules}. */
  private void refuseUnless(String option, String... rules) {
    if (spec.commandLine().getParseResult().hasMatchedOption(option)
        && !List.of(rules).contains(rule)) {
      throw new UsageException(
          option + " goes with --rule " + String.join(" or ", rules) + ", not --rule " + rule);
    }
  }

  /**
   * mlp-lopt, or the LSTM of {@code architecture}, with {@code --per-group} one copy of it per
   * parameter group of the tasks.
   */
  private LearnedOptimizer rule(Problem problem, LstmOptimizerConfig architecture) {
    if (rule.equals(MlpLopt.NAME)) {
      return new MlpLopt(MlpLoptConfig.standard());
    }
    L2lLstm lstm = new L2lLstm(architecture, recompute);
    return perGroup ? GroupedRules.of(problem.parameterGroups(), lstm) : lstm;
  }

  /** RNNprop's inputs and bounded output on the LSTM of {@code layers} × {@code hidden}. */
  static LstmOptimizerConfig rnnprop(Float outputScale, int layers, int hidden) {
    LstmOptimizerConfig standard = LstmOptimizerConfig.rnnprop();
    return new LstmOptimizerConfig(
        layers,
        hidden,
        standard.preprocessing(),
        standard.p(),
        outputScale == null ? standard.outputScale() : outputScale,
        true,
        standard.inputUnits());
  }

  /** The problem's recipe, overridden by whatever the user set. */
  static LstmOptimizerConfig architecture(
      Recipe recipe, String preprocessing, Float outputScale, float p, int layers, int hidden) {
    LstmOptimizerConfig paper = recipe.architecture();
    return new LstmOptimizerConfig(
        layers,
        hidden,
        preprocessing == null ? paper.preprocessing() : Preprocessing.parse(preprocessing),
        p,
        outputScale == null ? paper.outputScale() : outputScale);
  }
}
