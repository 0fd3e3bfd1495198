package io.learnopt.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code learnopt fewshot eval} run directory as the report sees it: the fields of its {@code
 * results.json} ({@code ways}, {@code shots}, {@code episodes}, {@code seed}, {@code methods} with
 * {@code name} and {@code accuracy: {mean, ci95}} as fractions; shape in README.md).
 */
record FewShotResults(
    Path dir,
    int ways,
    int shots,
    long episodes,
    Long seed,
    boolean officialRuns,
    String command,
    String version,
    List<MethodAccuracy> methods) {

  /**
   * One method's accuracy; {@code setup} says what it ran with (tuned optimizer and steps, or model
   * file name), or is null; {@code model} is the path of the model file evaluated, or null.
   */
  record MethodAccuracy(String name, double mean, double ci95, String setup, String model) {}

  /**
   * The results in {@code json}.
   *
   * @throws io.learnopt.LearnoptException naming the file and field if one is missing or of the
   *     wrong type
   */
  static FewShotResults of(Path dir, ResultsJson json) {
    JsonNode root = json.root();
    JsonNode methods = json.requiredArray("methods");
    List<MethodAccuracy> rows = new ArrayList<>();
    for (int i = 0; i < methods.size(); i++) {
      String where = "methods[" + i + "]";
      JsonNode node = methods.get(i);
      if (!node.isObject() || !node.path("accuracy").isObject()) {
        throw json.fail("entry " + where + " has no \"accuracy\" object");
      }
      JsonNode accuracy = node.get("accuracy");
      rows.add(
          new MethodAccuracy(
              json.requiredText(node.get("name"), where + ".name"),
              json.requiredNumber(accuracy, "mean", where + ".accuracy"),
              json.requiredNumber(accuracy, "ci95", where + ".accuracy"),
              setup(json, node, where),
              node.hasNonNull("model")
                  ? json.requiredText(node.get("model"), where + ".model")
                  : null));
    }
    JsonNode official = root.get("official_runs");
    return new FewShotResults(
        dir,
        positiveInt(json, "ways"),
        positiveInt(json, "shots"),
        json.requiredInteger(root.get("episodes"), "episodes"),
        json.optionalInteger("seed"),
        official != null && official.asBoolean(false),
        json.optionalText("command"),
        json.optionalText("learnopt_version"),
        List.copyOf(rows));
  }

  private static int positiveInt(ResultsJson json, String field) {
    long value = json.requiredInteger(json.root().get(field), field);
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw json.fail("field \"" + field + "\" must be a positive integer, got " + value);
    }
    return (int) value;
  }

  /** "adam:lr=0.01…, 100 steps" for a tuned baseline, the model's file name for a model. */
  private static String setup(ResultsJson json, JsonNode node, String where) {
    if (node.hasNonNull("model")) {
      return Path.of(json.requiredText(node.get("model"), where + ".model"))
          .getFileName()
          .toString();
    }
    if (node.hasNonNull("optimizer")) {
      String optimizer = shortSpec(json.requiredText(node.get("optimizer"), where + ".optimizer"));
      return node.hasNonNull("steps")
          ? optimizer + ", " + json.requiredInteger(node.get("steps"), where + ".steps") + " steps"
          : optimizer;
    }
    return null;
  }

  /**
   * "adam lr=0.0316" for "adam:lr=0.03162277660168379,beta1=0.9,…": the rule and its tuned rate,
   * which is what the table needs; a spec of another shape is kept whole.
   */
  static String shortSpec(String spec) {
    int colon = spec.indexOf(':');
    if (colon < 0) {
      return spec;
    }
    for (String param : spec.substring(colon + 1).split(",")) {
      if (param.startsWith("lr=")) {
        try {
          double lr = Double.parseDouble(param.substring(3));
          return spec.substring(0, colon) + String.format(Locale.ROOT, " lr=%.3g", lr);
        } catch (NumberFormatException e) {
          return spec;
        }
      }
    }
    return spec;
  }
}
