package io.learnopt.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.learnopt.LearnoptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run directory as the report sees it: the fields of its {@code results.json} (shape in
 * README.md) plus the optional ones a report can use — {@code title}, {@code notes}, {@code
 * extra_plots} (file names in the directory) and, per optimizer, {@code model} (a learned
 * optimizer's file), {@code test_accuracy} and {@code train_loss} as {@code {"mean", "std"}}.
 * Numbers are {@code null} where the run diverged.
 */
record Experiment(
    Path dir,
    String title,
    String problem,
    long steps,
    Long tasks,
    Long seed,
    String version,
    String command,
    String notes,
    List<String> extraPlots,
    List<OptimizerResult> optimizers) {

  /**
   * One row of the table: an optimizer's learning rate and its statistics on the test tasks, and
   * for a learned optimizer the file it was loaded from ({@code model}, else null).
   */
  record OptimizerResult(
      String name,
      String model,
      Double learningRate,
      Double mean,
      Double std,
      Double median,
      Stat testAccuracy,
      Stat trainLoss,
      Double msPerStep) {}

  /** A mean and standard deviation over tasks; either may be null (diverged). */
  record Stat(Double mean, Double std) {}

  /**
   * The experiment of an eval run directory whose {@code results.json} is {@code json}.
   *
   * @throws LearnoptException naming the file if it lacks a required field ({@code problem}, {@code
   *     steps}, {@code optimizers} with {@code name} and {@code final_loss}) or has one of the
   *     wrong type
   */
  static Experiment of(Path dir, ResultsJson json) {
    JsonNode root = json.root();
    JsonNode optimizers = json.requiredArray("optimizers");
    List<OptimizerResult> rows = new ArrayList<>();
    for (int i = 0; i < optimizers.size(); i++) {
      rows.add(optimizer(json, optimizers.get(i), "optimizers[" + i + "]"));
    }
    List<String> extraPlots = new ArrayList<>();
    JsonNode extra = root.get("extra_plots");
    if (extra != null && !extra.isNull()) {
      if (!extra.isArray()) {
        throw json.fail("field \"extra_plots\" must be an array of file names");
      }
      for (int i = 0; i < extra.size(); i++) {
        extraPlots.add(json.requiredText(extra.get(i), "extra_plots[" + i + "]"));
      }
    }
    return new Experiment(
        dir,
        json.optionalText("title"),
        json.requiredText(root.get("problem"), "problem"),
        json.requiredInteger(root.get("steps"), "steps"),
        json.optionalInteger("tasks"),
        json.optionalInteger("seed"),
        json.optionalText("learnopt_version"),
        json.optionalText("command"),
        json.optionalText("notes"),
        List.copyOf(extraPlots),
        List.copyOf(rows));
  }

  private static OptimizerResult optimizer(ResultsJson json, JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw json.fail("entry " + where + " is not an object");
    }
    JsonNode finalLoss = node.get("final_loss");
    if (finalLoss == null || !finalLoss.isObject()) {
      throw json.fail("entry " + where + " has no \"final_loss\" object");
    }
    return new OptimizerResult(
        json.requiredText(node.get("name"), where + ".name"),
        node.hasNonNull("model") ? json.requiredText(node.get("model"), where + ".model") : null,
        json.number(node, "lr", where),
        json.number(finalLoss, "mean", where + ".final_loss"),
        json.number(finalLoss, "std", where + ".final_loss"),
        json.number(finalLoss, "median", where + ".final_loss"),
        stat(json, node, "test_accuracy", where),
        stat(json, node, "train_loss", where),
        json.number(node, "ms_per_step", where));
  }

  private static Stat stat(ResultsJson json, JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw json.fail(
          "field \"" + where + "." + field + "\" must be an object {\"mean\", \"std\"}");
    }
    return new Stat(
        json.number(node, "mean", where + "." + field),
        json.number(node, "std", where + "." + field));
  }
}
