package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.lopt.L2lModelFile;
import io.learnopt.lopt.LearnedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --rule rnnprop}: its model file records RNNprop and {@code eval} names it so. */
class RnnpropCliTest {
  @TempDir Path dir;

  @Test
  void trainsSavesAndEvaluatesUnderItsOwnName() throws IOException {
    Path model = MlpLoptCliTest.trainTiny(dir.resolve("rnnprop.safetensors"), "--rule", "rnnprop");
    L2lModelFile loaded = (L2lModelFile) LearnedModels.load(model);
    assertEquals(LstmOptimizerConfig.rnnprop(), loaded.config());
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
    JsonNode rnnprop = results.get("optimizers").get(0);
    assertEquals("rnnprop", rnnprop.get("name").asText());
    assertTrue(rnnprop.get("final_loss").get("mean").isNumber());
  }

  @Test
  void shapeOptionsApplyAndInputOptionsAreRefused() {
    Path model =
        MlpLoptCliTest.trainTiny(
            dir.resolve("small.safetensors"),
            "--rule",
            "rnnprop",
            "--hidden",
            "6",
            "--output-scale",
            "0.05");
    LstmOptimizerConfig config = ((L2lModelFile) LearnedModels.load(model)).config();
    assertEquals(6, config.hidden());
    assertEquals(0.05f, config.outputScale());
    assertTrue(config.tanhOutput());
    Path refused = dir.resolve("x.safetensors");
    CliRun.of("train", "--rule", "rnnprop", "--preprocessing", "raw", "--out", refused.toString())
        .assertFails(2, "--preprocessing goes with --rule l2l, not --rule rnnprop");
    assertTrue(Files.notExists(refused));
  }
}
