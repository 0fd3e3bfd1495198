package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
    JsonNode rnnprop = MlpLoptCliTest.evalAgainstSgd(model, dir.resolve("eval"));
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
