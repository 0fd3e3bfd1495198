package io.learnopt.cli;

import io.learnopt.data.omniglot.EpisodeSampler;
import io.learnopt.data.omniglot.Omniglot;
import io.learnopt.fewshot.EpisodicMetaLearner;
import io.learnopt.fewshot.EpisodicMetaTraining;
import io.learnopt.fewshot.FewShotMethods;
import io.learnopt.fewshot.FewShotModelFile;
import io.learnopt.fewshot.FewShotTrainingConfig;
import io.learnopt.fewshot.LearnerSpec;
import io.learnopt.outer.OuterState;
import io.learnopt.outer.TrainingRun;
import io.learnopt.outer.Validator;
import io.learnopt.tensor.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnopt fewshot train}: meta-trains one few-shot method and saves the best. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Meta-train a few-shot method on Omniglot episodes (training alphabets, rotations as new "
          + "classes), validate it every --validate-every updates on fixed episodes of the "
          + "validation alphabets, and save the best as safetensors. A CSV log of every update and "
          + "a checkpoint (at least every --checkpoint-every seconds) go beside it; --resume "
          + "continues an interrupted run from the checkpoint to the same result.",
      "",
      "Example:",
      "  learnopt fewshot train --method metalstm --ways 5 --shots 1 \\",
      "      --out runs/metalstm-5w1s.safetensors"
    })
final class FewShotTrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--method",
      required = true,
      completionCandidates = MetaLearned.class,
      description = "The meta-learned method: one of ${COMPLETION-CANDIDATES}.")
  String method;

  /** The names {@code --method} accepts, for the help. */
  static final class MetaLearned implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return FewShotMethods.META_LEARNED.iterator();
    }
  }

  @Mixin EpisodeOptions episode;

  @Option(
      names = "--steps",
      description = "Inner steps on the support set (default: 10 for 1-shot, else 5).")
  Integer steps;

  @Option(
      names = "--learner",
      defaultValue = LearnerSpec.DEFAULT,
      description =
          "Learner network: conv[:channels=C,bn=true|false] (4 blocks) or mlp[:hidden=H]"
              + " (default: ${DEFAULT-VALUE}).")
  String learner;

  @Option(
      names = "--updates",
      defaultValue = "1500",
      description = "Meta-updates (default: ${DEFAULT-VALUE}).")
  int updates;

  @Option(
      names = "--meta-batch",
      defaultValue = "4",
      description = "Episodes per meta-update (default: ${DEFAULT-VALUE}).")
  int metaBatch;

  @Option(
      names = "--meta-lr",
      defaultValue = "1e-3",
      description = "Adam's learning rate on the meta-parameters (default: ${DEFAULT-VALUE}).")
  double metaLr;

  @Option(
      names = "--clip",
      defaultValue = "0.25",
      description =
          "Clip the meta-gradient to this global norm; 0 = off (default: ${DEFAULT-VALUE}, as in"
              + " Ravi & Larochelle).")
  double clip;

  @Option(
      names = "--inner-lr",
      defaultValue = "0.4",
      description = "maml-fo's inner learning rate (default: ${DEFAULT-VALUE}).")
  float innerLr;

  @Option(
      names = "--validate-every",
      defaultValue = "100",
      description = "Meta-updates between validations (default: ${DEFAULT-VALUE}).")
  int validateEvery;

  @Option(
      names = "--validation-episodes",
      defaultValue = "100",
      description = "Validation episodes, the same each time (default: ${DEFAULT-VALUE}).")
  int validationEpisodes;

  @Option(
      names = "--no-rotations",
      description = "Do not add rotated characters as training classes.")
  boolean noRotations;

  @Option(
      names = "--threads",
      description =
          "Threads for the episodes of a meta-batch (default: the number of cores; the result"
              + " does not depend on it).")
  Integer threads;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Where to save the model (.safetensors).")
  Path out;

  @Mixin RunFileOptions files;

  @Override
  public Integer call() {
    OutputPaths.modelFile("--out", out);
    files.checkPaths();
    Cli.requirePositive("--queries", episode.queries);
    if (!FewShotMethods.META_LEARNED.contains(method)) {
      throw new io.learnopt.UsageException(
          "--method must be one of "
              + String.join(", ", FewShotMethods.META_LEARNED)
              + " (the meta-learned methods), got '"
              + method
              + "'");
    }
    int innerSteps = steps == null ? FewShotMethods.defaultSteps(episode.shots) : steps;
    Cli.requirePositive("--steps", innerSteps);
    LearnerSpec spec = LearnerSpec.parse(learner);
    FewShotTrainingConfig config =
        new FewShotTrainingConfig(
            updates, metaBatch, metaLr, clip, validateEvery, validationEpisodes, seed);
    Omniglot omniglot = Omniglot.shipped();
    EpisodeSampler training =
        new EpisodeSampler(
            omniglot.train(), episode.ways, episode.shots, episode.queries, !noRotations, seed);
    EpisodeSampler validation =
        new EpisodeSampler(
            omniglot.validation(), episode.ways, episode.shots, episode.queries, false, seed + 1);
    EpisodicMetaLearner learnerMethod =
        EpisodicMetaLearner.create(
            method,
            spec.build(episode.ways),
            FewShotMethods.inner(method, innerLr),
            innerSteps,
            new Rng(seed));
    String command = Cli.command(spec());
    try (EpisodicMetaTraining metaTraining =
        EpisodicMetaTraining.of(
            learnerMethod, training, validation, config, Cli.threads(threads))) {
      Map<String, String> settings = new LinkedHashMap<>(metaTraining.settings());
      settings.put("ways", Integer.toString(episode.ways));
      settings.put("shots", Integer.toString(episode.shots));
      settings.put("queries", Integer.toString(episode.queries));
      settings.put("learner", learner);
      settings.put("rotations", Boolean.toString(!noRotations));
      settings.put("inner_lr", Float.toString(innerLr));
      List<String> mustMatch = new ArrayList<>(EpisodicMetaTraining.MUST_MATCH);
      mustMatch.addAll(List.of("ways", "shots", "queries", "learner", "rotations", "inner_lr"));
      TrainingRun.Spec run =
          new TrainingRun.Spec(
              metaTraining.trainer(),
              metaTraining::initialState,
              settings,
              mustMatch,
              List.of("mean_query_loss", "meta_grad_norm", "validation_accuracy"));
      TrainingRun runFiles =
          new TrainingRun(run, out, files.checkpointSeconds).withTensorBoard(files.tensorboard);
      long start = System.nanoTime();
      OuterState state = TrainingSession.run(runFiles, run, files.resume, System.out);
      Validator validator = metaTraining.trainer().validator();
      int bestUpdate = metaTraining.trainer().config().label(state.chosenRound(validator));
      Map<String, String> provenance = new LinkedHashMap<>();
      provenance.put("command", command);
      provenance.put("seed", Long.toString(seed));
      provenance.put("best_update", Integer.toString(bestUpdate));
      provenance.put("validation_accuracy", Double.toString(state.chosenScore(validator)));
      provenance.put("train_seconds", seconds(start));
      FewShotModelFile.save(
          out,
          metaTraining.learnerWith(state.chosen(validator)),
          spec,
          episode.ways,
          episode.shots,
          innerLr,
          provenance);
      System.out.printf(
          Locale.ROOT,
          "%s %d-way %d-shot: best validation accuracy %.4f at update %d of %d, %s s; saved %s"
              + " (log: %s, checkpoint: %s)%n",
          method,
          episode.ways,
          episode.shots,
          state.chosenScore(validator),
          bestUpdate,
          updates,
          seconds(start),
          out,
          runFiles.log(),
          runFiles.checkpoint());
    }
    return 0;
  }

  private picocli.CommandLine.Model.CommandSpec spec() {
    return spec;
  }

  private static String seconds(long start) {
    return String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e9);
  }
}
