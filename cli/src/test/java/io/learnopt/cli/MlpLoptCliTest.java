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
    Path model = trainTiny(dir.resolve("mlp.safetensors"), "--rule", "mlp-lopt");
    assertTrue(Files.exists(model));
    JsonNode learned = evalAgainstSgd(model, dir.resolve("eval"));
    assertEquals("mlp-lopt", learned.get("name").asText());
    assertTrue(learned.get("final_loss").get("mean").isNumber());
  }

  /** {@code eval} of {@code model} beside SGD on 3 quadratics; the model's results.json entry. */
  static JsonNode evalAgainstSgd(Path model, Path out) throws IOException {
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
            out.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    return new ObjectMapper()
        .readTree(out.resolve("results.json").toFile())
        .get("optimizers")
        .get(0);
  }

  /**
   * A 4-epoch meta-training run on quadratics with {@code options} (validated on 2 tasks, one
   * thread) into {@code model}; fails the test if it fails.
   */
  static Path trainTiny(Path model, String... options) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "train",
                "--problem",
                "quadratic",
                "--epochs",
                "4",
                "--eval-every",
                "2",
                "--eval-tasks",
                "2",
                "--threads",
                "1",
                "--out",
                model.toString()));
    args.addAll(java.util.List.of(options));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    return model;
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
    assertTrue(
        perGroup.err().contains("--per-group goes with --rule l2l or rnnprop, not --rule mlp-lopt"),
        perGroup.err());
    CliRun.of("train", "--rule", "mlp-lopt", "--hidden", "40", "--out", model.toString())
        .assertFails(2, "--hidden goes with --rule l2l or rnnprop");
    CliRun.of("train", "--pes-pairs", "4", "--out", model.toString())
        .assertFails(2, "--pes-pairs goes with --estimator pes");
    CliRun unknown = CliRun.of("train", "--rule", "velo", "--out", model.toString());
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown --rule 'velo'"), unknown.err());
    assertTrue(Files.notExists(model));
  }
}
