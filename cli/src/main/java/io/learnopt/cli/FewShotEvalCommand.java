package io.learnopt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.learnopt.MemoryBudget;
import io.learnopt.UsageException;
import io.learnopt.Version;
import io.learnopt.data.omniglot.Episode;
import io.learnopt.data.omniglot.EpisodeSampler;
import io.learnopt.data.omniglot.Omniglot;
import io.learnopt.fewshot.AccuracySummary;
import io.learnopt.fewshot.EpisodicMetaLearner;
import io.learnopt.fewshot.FewShotMethod;
import io.learnopt.fewshot.FewShotMethods;
import io.learnopt.fewshot.FewShotModelFile;
import io.learnopt.fewshot.FineTune;
import io.learnopt.fewshot.FineTuneTuning;
import io.learnopt.fewshot.GateStatistics;
import io.learnopt.fewshot.LearnerSpec;
import io.learnopt.fewshot.MetaLstmInner;
import io.learnopt.fewshot.NearestNeighbour;
import io.learnopt.io.AtomicFiles;
import io.learnopt.optim.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnopt fewshot eval}: few-shot accuracy of several methods on the same episodes. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Test few-shot methods on the same N-way K-shot episodes of the test alphabet (Korean, "
          + "never used in training or validation), or on Lake's 20 official 20-way one-shot runs. "
          + "Meta-learned methods load their model (models/fewshot/<method>-<W>way-<S>shot"
          + ".safetensors, or a file given in --methods); fine-tuning baselines get their learning "
          + "rate and step count tuned on validation episodes. Prints a table and writes "
          + "results.json: mean accuracy and 95%% CI per method.",
      "",
      "Example:",
      "  learnopt fewshot eval --ways 5 --shots 1 --episodes 600 --seed 7 --out runs/fs-5w1s"
    })
final class FewShotEvalCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--methods",
      defaultValue =
          "metalstm,metalstm-v2,maml-fo,l2l,finetune-adam,finetune-sgd,nearest-neighbour",
      description =
          "Comma-separated method names and model files%n(*.safetensors) (default:"
              + " ${DEFAULT-VALUE}).")
  String methods;

  @Mixin EpisodeOptions episode;

  @Option(
      names = "--episodes",
      defaultValue = "600",
      description = "Test episodes (default: ${DEFAULT-VALUE}).")
  int episodes;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the episodes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--official-runs",
      description =
          "Test on Lake's 20 official 20-way one-shot runs instead (overrides --ways, --shots,"
              + " --episodes); models trained for fewer ways get a widened output layer.")
  boolean officialRuns;

  @Option(
      names = "--learner",
      description =
          "Learner of the fine-tuning baselines (default: that of the first model, else "
              + LearnerSpec.DEFAULT
              + ").")
  String learner;

  @Option(
      names = "--tune-episodes",
      defaultValue = "20",
      description = "Validation episodes for tuning the baselines (default: ${DEFAULT-VALUE}).")
  int tuneEpisodes;

  @Option(
      names = "--plot-gates",
      description =
          "Also plot the meta-learner LSTM's forget and input gates per learner layer over the"
              + " inner steps (gates-<method>-*.png/svg and .csv).")
  boolean plotGates;

  @Option(
      names = "--gate-episodes",
      defaultValue = "5",
      description = "Test episodes the gate plots average over (default: ${DEFAULT-VALUE}).")
  int gateEpisodes;

  @Option(
      names = "--threads",
      description =
          "Threads the test and tuning episodes run on (default: the number of cores; the results"
              + " do not depend on it).")
  Integer threads;

  @Option(names = "--out", required = true, description = "Directory for results.json.")
  Path out;

  @Override
  public Integer call() throws Exception {
    OutputPaths.directory("--out", out);
    Cli.requirePositive("--episodes", episodes);
    Cli.requirePositive("--tune-episodes", tuneEpisodes);
    int threadCount = Cli.threads(threads);
    Omniglot omniglot = Omniglot.shipped();
    int w = officialRuns ? 20 : episode.ways;
    int s = officialRuns ? 1 : episode.shots;
    MemoryBudget.require(
        MemoryBudget.sum(
            EpisodeSampler.bytes(officialRuns ? 0 : episodes, w, s, episode.queries),
            EpisodeSampler.bytes(tuneEpisodes, w, s, episode.queries)),
        episodes + " test and " + tuneEpisodes + " tuning episodes",
        "lower --episodes or --tune-episodes");
    List<Episode> test = new ArrayList<>();
    if (officialRuns) {
      test.addAll(omniglot.officialRuns());
    } else {
      EpisodeSampler sampler =
          new EpisodeSampler(omniglot.test(), w, s, episode.queries, false, seed);
      for (int i = 0; i < episodes; i++) {
        test.add(sampler.episode(i));
      }
    }
    List<String> names = new ArrayList<>();
    for (String name : methods.split(",")) {
      if (!name.isBlank()) {
        names.add(name.trim());
      }
    }
    if (names.isEmpty()) {
      throw new UsageException("--methods is empty; name at least one method");
    }
    // Load every model first, so a missing file fails before any long evaluation.
    Map<String, FewShotModelFile.Model> models = new LinkedHashMap<>();
    for (String name : names) {
      if (isModel(name)) {
        models.put(name, FewShotModelFile.load(modelPath(name, w, s), w));
      } else if (!FewShotMethods.BASELINES.contains(name)) {
        throw FewShotMethods.unknown(name);
      }
    }
    LearnerSpec baselineLearner =
        learner != null
            ? LearnerSpec.parse(learner)
            : models.values().stream()
                .map(FewShotModelFile.Model::learner)
                .findFirst()
                .orElse(LearnerSpec.parse(LearnerSpec.DEFAULT));
    Files.createDirectories(out);
    List<Map<String, Object>> rows = new ArrayList<>();
    List<AccuracySummary> summaries = new ArrayList<>();
    for (String name : names) {
      Map<String, Object> row = new LinkedHashMap<>();
      FewShotMethod method;
      if (models.containsKey(name)) {
        EpisodicMetaLearner model = models.get(name).method();
        method = model;
        row.put("model", modelPath(name, w, s).toString());
        if (plotGates && model.inner() instanceof MetaLstmInner) {
          int count = Math.min(gateEpisodes, test.size());
          GatePlots.write(
              out, model.name(), GateStatistics.of(model, test.subList(0, count)), count);
        }
      } else if (name.equals(NearestNeighbour.NAME)) {
        method = new NearestNeighbour();
      } else {
        FineTune tuned = tune(name, baselineLearner.build(w), omniglot, w, s, threadCount);
        method = tuned;
        row.put("optimizer", Optimizers.spec(tuned.optimizer()));
        row.put("steps", tuned.steps());
        row.put("learner", baselineLearner.toString());
      }
      AccuracySummary summary;
      try (ProgressBar bar = Progress.bar("eval " + method.name(), test.size(), "episodes")) {
        summary = AccuracySummary.evaluate(method, test, threadCount, i -> bar.step());
      }
      summaries.add(summary);
      Map<String, Object> accuracy = new LinkedHashMap<>();
      accuracy.put("mean", summary.mean());
      accuracy.put("ci95", summary.ci95());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", method.name());
      entry.put("accuracy", accuracy);
      entry.putAll(row);
      rows.add(entry);
      writeResults(rows, w, s, test.size());
    }
    System.out.print(table(summaries, w, s, test.size()));
    System.out.println("wrote " + out.resolve("results.json"));
    return 0;
  }

  private FineTune tune(
      String name,
      io.learnopt.nn.Classifier net,
      Omniglot omniglot,
      int w,
      int s,
      int threadCount) {
    EpisodeSampler sampler =
        new EpisodeSampler(
            omniglot.validation(), w, s, officialRuns ? 1 : episode.queries, false, seed + 1);
    List<Episode> validation = new ArrayList<>();
    for (int i = 0; i < tuneEpisodes; i++) {
      validation.add(sampler.episode(i));
    }
    String rule = name.substring("finetune-".length());
    System.err.println("tuning " + name + " on " + tuneEpisodes + " validation episodes ...");
    return FineTuneTuning.tune(rule, net, validation, seed, threadCount);
  }

  private static boolean isModel(String name) {
    return name.endsWith(".safetensors") || FewShotMethods.META_LEARNED.contains(name);
  }

  private static Path modelPath(String name, int w, int s) {
    if (name.endsWith(".safetensors")) {
      return Path.of(name);
    }
    Path shipped = FewShotCommand.shippedModel(name, w, s);
    if (!Files.exists(shipped) && w == 20 && s == 1) {
      // The official runs: a 5-way one-shot model, widened to 20 classes when loaded.
      shipped = FewShotCommand.shippedModel(name, 5, 1);
    }
    if (!Files.exists(shipped)) {
      throw new UsageException(
          "no model for "
              + name
              + " "
              + w
              + "-way "
              + s
              + "-shot at "
              + shipped
              + "; train one with: learnopt fewshot train --method "
              + name
              + " --ways "
              + w
              + " --shots "
              + s
              + " --out "
              + shipped
              + ", or pass a .safetensors file in --methods");
    }
    return shipped;
  }

  private void writeResults(List<Map<String, Object>> rows, int w, int s, int count)
      throws Exception {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("ways", w);
    root.put("shots", s);
    root.put("episodes", count);
    root.put("seed", seed);
    root.put("official_runs", officialRuns);
    root.put("command", Cli.command(spec));
    root.put("learnopt_version", Version.get());
    root.put("methods", rows);
    AtomicFiles.writeString(out.resolve("results.json"), JSON.writeValueAsString(root) + "\n");
  }

  static String table(List<AccuracySummary> summaries, int w, int s, int count) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d-way %d-shot, %d test episodes%n", w, s, count));
    sb.append(String.format(Locale.ROOT, "%-20s %10s %10s%n", "method", "accuracy", "95% CI"));
    for (AccuracySummary a : summaries) {
      sb.append(
          String.format(
              Locale.ROOT, "%-20s %9.2f%% %9.2f%%%n", a.name(), 100 * a.mean(), 100 * a.ci95()));
    }
    return sb.toString();
  }
}
