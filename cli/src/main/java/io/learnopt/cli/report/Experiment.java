package io.learnopt.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learnopt.LearnoptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run directory as the report sees it: the fields of its {@code results.json} (shape in
 * README.md) plus the optional ones a report can use — {@code title}, {@code notes}, {@code
 * extra_plots} (file names in the directory) and, per optimizer, {@code test_accuracy} and {@code
 * train_loss} as {@code {"mean", "std"}}. Numbers are {@code null} where the run diverged.
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

  static final String RESULTS = "results.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One row of the table: an optimizer's learning rate and its statistics on the test tasks. */
  record OptimizerResult(
      String name,
      Double learningRate,
      Double mean,
      Double std,
      Double median,
      Stat testAccuracy,
      Stat trainLoss) {}

  /** A mean and standard deviation over tasks; either may be null (diverged). */
  record Stat(Double mean, Double std) {}

  /**
   * Reads {@code dir/results.json}.
   *
   * @throws LearnoptException naming the directory or file if it is missing, not JSON, or lacks a
   *     required field ({@code problem}, {@code steps}, {@code optimizers} with {@code name} and
   *     {@code final_loss}) or has one of the wrong type
   */
  static Experiment read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new LearnoptException(
          "run directory "
              + dir
              + " does not exist or is not a directory; pass directories"
              + " written by 'learnopt eval --out DIR'");
    }
    Path file = dir.resolve(RESULTS);
    if (!Files.isRegularFile(file)) {
      throw new LearnoptException(
          "run directory "
              + dir
              + " has no "
              + RESULTS
              + "; pass directories written by"
              + " 'learnopt eval --out DIR'");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new LearnoptException(
          file + " is not valid JSON: " + e.getOriginalMessage() + location(e), e);
    } catch (IOException e) {
      throw new LearnoptException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return new Fields(file).experiment(dir, root);
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /** Typed access to the JSON tree; every error names the file and the field. */
  private record Fields(Path file) {
    Experiment experiment(Path dir, JsonNode root) {
      if (root == null || !root.isObject()) {
        throw fail("not a JSON object");
      }
      JsonNode optimizers = root.get("optimizers");
      if (optimizers == null || !optimizers.isArray() || optimizers.isEmpty()) {
        throw fail("no \"optimizers\" array, or it is empty");
      }
      List<OptimizerResult> rows = new ArrayList<>();
      for (int i = 0; i < optimizers.size(); i++) {
        rows.add(optimizer(optimizers.get(i), "optimizers[" + i + "]"));
      }
      List<String> extraPlots = new ArrayList<>();
      JsonNode extra = root.get("extra_plots");
      if (extra != null && !extra.isNull()) {
        if (!extra.isArray()) {
          throw fail("field \"extra_plots\" must be an array of file names");
        }
        for (int i = 0; i < extra.size(); i++) {
          extraPlots.add(requiredText(extra.get(i), "extra_plots[" + i + "]"));
        }
      }
      return new Experiment(
          dir,
          optionalText(root, "title"),
          requiredText(root.get("problem"), "problem"),
          requiredInteger(root.get("steps"), "steps"),
          optionalInteger(root, "tasks"),
          optionalInteger(root, "seed"),
          optionalText(root, "learnopt_version"),
          optionalText(root, "command"),
          optionalText(root, "notes"),
          List.copyOf(extraPlots),
          List.copyOf(rows));
    }

    private OptimizerResult optimizer(JsonNode node, String where) {
      if (node == null || !node.isObject()) {
        throw fail("entry " + where + " is not an object");
      }
      JsonNode finalLoss = node.get("final_loss");
      if (finalLoss == null || !finalLoss.isObject()) {
        throw fail("entry " + where + " has no \"final_loss\" object");
      }
      return new OptimizerResult(
          requiredText(node.get("name"), where + ".name"),
          number(node, "lr", where),
          number(finalLoss, "mean", where + ".final_loss"),
          number(finalLoss, "std", where + ".final_loss"),
          number(finalLoss, "median", where + ".final_loss"),
          stat(node, "test_accuracy", where),
          stat(node, "train_loss", where));
    }

    private Stat stat(JsonNode parent, String field, String where) {
      JsonNode node = parent.get(field);
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isObject()) {
        throw fail("field \"" + where + "." + field + "\" must be an object {\"mean\", \"std\"}");
      }
      return new Stat(
          number(node, "mean", where + "." + field), number(node, "std", where + "." + field));
    }

    private Double number(JsonNode parent, String field, String where) {
      JsonNode node = parent.get(field);
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isNumber()) {
        throw fail("field \"" + where + "." + field + "\" must be a number or null, got " + node);
      }
      return node.doubleValue();
    }

    private String requiredText(JsonNode node, String field) {
      if (node == null || !node.isTextual()) {
        throw fail("field \"" + field + "\" is missing or not a string");
      }
      return node.textValue();
    }

    private long requiredInteger(JsonNode node, String field) {
      if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
        throw fail("field \"" + field + "\" is missing or not an integer");
      }
      return node.longValue();
    }

    private String optionalText(JsonNode root, String field) {
      JsonNode node = root.get(field);
      return node == null || node.isNull() ? null : requiredText(node, field);
    }

    private Long optionalInteger(JsonNode root, String field) {
      JsonNode node = root.get(field);
      return node == null || node.isNull() ? null : requiredInteger(node, field);
    }

    private LearnoptException fail(String what) {
      return new LearnoptException(
          file
              + ": "
              + what
              + "; was it written by 'learnopt eval'? Rerun the evaluation to"
              + " recreate it");
    }
  }
}
