package io.learnopt.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learnopt.LearnoptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run directory's {@code results.json}, read as a JSON tree, with typed field access whose errors
 * name the file and the field. Both kinds of run directory go through it: those of {@code learnopt
 * eval} and those of {@code learnopt fewshot eval}.
 */
record ResultsJson(Path file, JsonNode root) {
  static final String RESULTS = "results.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WRITERS =
      "'learnopt eval --out DIR' or 'learnopt fewshot eval --out DIR'";

  /**
   * Reads {@code dir/results.json}.
   *
   * @throws LearnoptException naming the directory or file if it is missing, not JSON or not an
   *     object
   */
  static ResultsJson read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new LearnoptException(
          "run directory "
              + dir
              + " does not exist or is not a directory; pass directories written by "
              + WRITERS);
    }
    Path file = dir.resolve(RESULTS);
    if (!Files.isRegularFile(file)) {
      throw new LearnoptException(
          "run directory "
              + dir
              + " has no "
              + RESULTS
              + "; pass directories written by "
              + WRITERS);
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
    ResultsJson results = new ResultsJson(file, root);
    if (root == null || !root.isObject()) {
      throw results.fail("not a JSON object");
    }
    return results;
  }

  /** Whether this is the results of {@code learnopt fewshot eval} (it records the ways). */
  boolean isFewShot() {
    return root.has("ways");
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

  /** {@code parent.field} as a number, null if absent or null. */
  Double number(JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      throw fail("field \"" + where + "." + field + "\" must be a number or null, got " + node);
    }
    return node.doubleValue();
  }

  /** {@code parent.field} as a number that must be present. */
  double requiredNumber(JsonNode parent, String field, String where) {
    Double value = number(parent, field, where);
    if (value == null) {
      throw fail("field \"" + where + "." + field + "\" is missing");
    }
    return value;
  }

  String requiredText(JsonNode node, String field) {
    if (node == null || !node.isTextual()) {
      throw fail("field \"" + field + "\" is missing or not a string");
    }
    return node.textValue();
  }

  long requiredInteger(JsonNode node, String field) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
      throw fail("field \"" + field + "\" is missing or not an integer");
    }
    return node.longValue();
  }

  String optionalText(String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : requiredText(node, field);
  }

  Long optionalInteger(String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : requiredInteger(node, field);
  }

  /** A non-empty array field of the root. */
  JsonNode requiredArray(String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw fail("no \"" + field + "\" array, or it is empty");
    }
    return node;
  }

  LearnoptException fail(String what) {
    return new LearnoptException(
        file
            + ": "
            + what
            + "; was it written by "
            + WRITERS
            + "? Rerun the evaluation to recreate it");
  }
}
