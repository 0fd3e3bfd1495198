package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learnopt.eval.Comparison;
import io.learnopt.eval.LossCurves;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {
  @TempDir Path dir;

  @Test
  void resultsJsonNamesTheModelFileOfTheLearnedOptimizer() throws Exception {
    double[][] losses = {{1, 0.5}, {1, 0.25}};
    Comparison.Result result =
        new Comparison.Result(
            "quadratic",
            1,
            2,
            7,
            List.of(
                new Comparison.Entry("lstm", null, new LossCurves(losses), null),
                new Comparison.Entry("sgd:lr=0.1", 0.1, new LossCurves(losses), null)));
    Path file = dir.resolve("results.json");
    ResultFiles.writeJson(
        result, Map.of("lstm", "runs/quad.safetensors"), file, "learnopt eval", null);
    JsonNode optimizers = new ObjectMapper().readTree(file.toFile()).get("optimizers");
    assertEquals("runs/quad.safetensors", optimizers.get(0).get("model").asText());
    assertFalse(optimizers.get(1).has("model"));
  }
}
