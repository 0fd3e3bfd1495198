package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.io.Safetensors;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --estimator pes}: the estimator and its settings are recorded with the model. */
class PesCliTest {
  @TempDir Path dir;

  @Test
  void aPesRunRecordsItsEstimator() {
    Path model =
        MlpLoptCliTest.trainTiny(
            dir.resolve("pes.safetensors"),
            "--rule",
            "mlp-lopt",
            "--estimator",
            "pes",
            "--pes-pairs",
            "2",
            "--pes-sigma",
            "0.05",
            "--tasks-per-epoch",
            "2");
    Map<String, String> metadata = Safetensors.read(model).metadata();
    assertEquals("pes", metadata.get("estimator"));
    assertEquals("2", metadata.get("pes_pairs"));
    assertEquals("0.05", metadata.get("pes_sigma"));
  }

  @Test
  void badEstimatorSettingsAreUsageErrors() {
    String out = dir.resolve("x.safetensors").toString();
    CliRun.of("train", "--estimator", "es", "--out", out)
        .assertFails(2, "unknown --estimator 'es'");
    CliRun.of("train", "--estimator", "pes", "--pes-sigma", "0", "--out", out)
        .assertFails(2, "--pes-sigma must be positive");
    // The memory check counts the particles.
    CliRun.of(
            "train",
            "--rule",
            "mlp-lopt",
            "--estimator",
            "pes",
            "--pes-pairs",
            "100000",
            "--problem",
            "mnist-mlp",
            "--out",
            out)
        .assertFails(2, "100000 PES pairs each", "lower --tasks-per-epoch, --unroll, --pes-pairs");
  }
}
