package io.learnopt.cli;

import io.learnopt.data.omniglot.EpisodeSampler;
import io.learnopt.data.omniglot.Omniglot;
import io.learnopt.fewshot.EpisodicMetaLearner;
import io.learnopt.fewshot.FewShotMethods;
import io.learnopt.fewshot.FewShotTrainer;
import io.learnopt.fewshot.FewShotTrainingConfig;
import io.learnopt.fewshot.LearnerSpec;
import io.learnopt.io.AtomicFiles;
import io.learnopt.io.FewShotModelFile;
import io.learnopt.tensor.Rng;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
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
          + "validation alphabets, and save the best as safetensors (rewritten at every "
          + "improvement, so an interrupted run keeps its best). A CSV of the validation curve "
          + "goes beside it.",
      "",
      "Example:",
      "  learnopt fewshot train --method metalstm --ways 5 --shots 1 \\",
      "      --out runs/metalstm-5w1s.safetensors"
    })
final class FewShotTrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--method", required = true, description = "metalstm, maml-fo or l2l.")
  String method;

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
      description = "Global-norm clip of the meta-gradient (default: ${DEFAULT-VALUE}).")
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

  @Override
  public Integer call() {
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
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("command", Cli.command(spec()));
    provenance.put("seed", Long.toString(seed));
    Path csv = siblingWithExtension(out, ".csv");
    StringBuilder curve = new StringBuilder("update,mean_query_loss,validation_accuracy\n");
    double[] lossSince = new double[2]; // sum and count of query losses since the last validation
    long start = System.nanoTime();
    FewShotTrainer.Result result;
    try (ProgressBar bar = Progress.bar("meta-train " + method, updates, "updates")) {
      result =
          FewShotTrainer.train(
              learnerMethod,
              training,
              validation,
              config,
              Cli.threads(threads),
              new FewShotTrainer.Listener() {
                @Override
                public void updated(int update, double queryLoss) {
                  lossSince[0] += queryLoss;
                  lossSince[1]++;
                  bar.step();
                }

                @Override
                public void validated(int update, double accuracy, boolean best) {
                  bar.setExtraMessage(String.format(Locale.ROOT, " val %.3f", accuracy));
                  String loss =
                      lossSince[1] == 0 ? "" : Double.toString(lossSince[0] / lossSince[1]);
                  curve.append(update).append(',').append(loss).append(',');
                  curve.append(accuracy).append('\n');
                  lossSince[0] = 0;
                  lossSince[1] = 0;
                  if (best) {
                    Map<String, String> p = new LinkedHashMap<>(provenance);
                    p.put("best_update", Integer.toString(update));
                    p.put("validation_accuracy", Double.toString(accuracy));
                    p.put("train_seconds", seconds(start));
                    FewShotModelFile.save(
                        out, learnerMethod, spec, episode.ways, episode.shots, innerLr, p);
                  }
                  AtomicFiles.writeString(csv, curve.toString());
                }
              });
    }
    System.out.printf(
        Locale.ROOT,
        "%s %d-way %d-shot: best validation accuracy %.4f at update %d of %d, %s s; saved %s%n",
        method,
        episode.ways,
        episode.shots,
        result.bestAccuracy(),
        result.bestUpdate(),
        updates,
        seconds(start),
        out);
    return 0;
  }

  private picocli.CommandLine.Model.CommandSpec spec() {
    return spec;
  }

  private static String seconds(long start) {
    return String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e9);
  }

  /** {@code runs/a.safetensors} → {@code runs/a.csv}. */
  static Path siblingWithExtension(Path file, String extension) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
  }
}
