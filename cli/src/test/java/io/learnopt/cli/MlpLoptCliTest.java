package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --rule mlp-lopt}, and its model file in {@code eval}. */
class MlpLoptCliTest {
  @TempDir Path dir;

  @Test
  void trainsSavesAndEvaluatesUnderItsOwnName() throws IOException {
    Path model = dir.resolve("mlp.safetensors");
    CliRun train =
        CliRun.of(
            "train",
            "--rule",
            "mlp-lopt",
            "--problem",
            "quadratic",
            "--epochs",
            "10",
            "--eval-every",
            "5",
            "--eval-tasks",
            "4",
            "--threads",
            "1",
            "--out",
            model.toString());
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(Files.exists(model));
    CliRun eval =
        CliRun.of(
            "eval",
            "--problem",
            "quadratic",
            "--optimizers",
            model + ",sgd:lr=0.01",
            "--tasks",
            "3",
            "--steps",
            "10",
            "--threads",
            "1",
            "--out",
            dir.resolve("eval").toString());
    assertEquals(0, eval.exitCode(), eval.err());
    JsonNode results = new ObjectMapper().readTree(dir.resolve("eval/results.json").toFile());
    assertEquals("mlp-lopt", results.get("optimizers").get(0).get("name").asText());
    assertTrue(results.get("optimizers").get(0).get("final_loss").get("mean").isNumber());
  }

  @Test
  void lstmOnlyOptionsAndUnknownRulesAreUsageErrors() {
    Path model = dir.resolve("x.safetensors");
    CliRun perGroup =
        CliRun.of(
            "train",
            "--rule",
            "mlp-lopt",
            "--per-group",
            "--problem",
            "cifar-conv",
            "--out",
            model.toString());
    assertEquals(2, perGroup.exitCode());
    assertTrue(perGroup.err().contains("--per-group goes with --rule l2l"), perGroup.err());
    CliRun unknown = CliRun.of("train", "--rule", "velo", "--out", model.toString());
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown --rule 'velo'"), unknown.err());
    assertTrue(Files.notExists(model));
  }
}
