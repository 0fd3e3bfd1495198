package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.io.Safetensors;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code train --min-horizon}: horizons drawn per epoch, by BPTT and by PES, recorded. */
class SampledHorizonCliTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"bptt", "pes"})
  void aRunWithDrawnHorizonsRecordsTheRange(String estimator) {
    Path model =
        MlpLoptCliTest.trainTiny(
            dir.resolve(estimator + ".safetensors"),
            "--rule",
            "mlp-lopt",
            "--estimator",
            estimator,
            "--tasks-per-epoch",
            "2",
            "--horizon",
            "200",
            "--min-horizon",
            "20");
    Map<String, String> metadata = Safetensors.read(model).metadata();
    assertEquals("200", metadata.get("horizon"));
    assertEquals("20", metadata.get("min_horizon"));
    assertEquals(estimator, metadata.get("estimator"));
  }

  @Test
  void aMinimumAboveTheHorizonIsAUsageError() {
    CliRun.of(
            "train",
            "--horizon",
            "100",
            "--min-horizon",
            "200",
            "--out",
            dir.resolve("x.safetensors").toString())
        .assertFails(2, "--min-horizon (200) must be a multiple of --unroll (20) no greater than");
  }
}
