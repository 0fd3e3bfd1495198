package io.learnopt.cli.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The results shipped in {@code docs/results/} are what readers rerun: their commands and model
 * paths must work from the root of a fresh clone, not only on the machine that wrote them.
 */
class ShippedResultsTest {
  /** The repository's root: the tests run in {@code cli/}. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** An absolute path as a command argument: after a space, an equals sign or a comma. */
  private static final Pattern ABSOLUTE = Pattern.compile("(^|[\\s=,])/");

  private static List<Path> shipped() throws Exception {
    try (Stream<Path> files = Files.walk(ROOT.resolve("docs/results"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void commandsAndModelPathsWorkInAClone() throws Exception {
    List<Path> files = shipped();
    assertFalse(files.isEmpty(), "no results under " + ROOT.resolve("docs/results"));
    ObjectMapper json = new ObjectMapper();
    for (Path file : files) {
      JsonNode root = json.readTree(file.toFile());
      String command = root.path("command").asText("");
      assertTrue(command.startsWith("learnopt "), file + ": " + command);
      assertFalse(ABSOLUTE.matcher(command).find(), file + " has an absolute path: " + command);
      for (JsonNode entry : root.path(root.has("methods") ? "methods" : "optimizers")) {
        if (entry.hasNonNull("model")) {
          String model = entry.get("model").asText();
          assertFalse(Path.of(model).isAbsolute(), file + ": model " + model);
          assertTrue(Files.isRegularFile(ROOT.resolve(model)), file + ": no file " + model);
        }
      }
    }
  }
}
