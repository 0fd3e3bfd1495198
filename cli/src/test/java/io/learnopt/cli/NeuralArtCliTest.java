package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.data.art.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --problem neural-art} writes the images beside the curves, and the report shows them.
 */
class NeuralArtCliTest {
  @TempDir Path dir;

  @Test
  void evalWritesTheImagesOfEachOptimizerAndTheReportShowsThem() throws IOException {
    Path out = dir.resolve("art");
    CliRun run =
        CliRun.of(
            "eval",
            "--problem",
            "neural-art:size=8",
            "--optimizers",
            "sgd:lr=0.1,adam:lr=0.01",
            "--tasks",
            "1",
            "--steps",
            "8",
            "--threads",
            "1",
            "--out",
            out.toString());
    assertEquals(0, run.exitCode(), run.err());
    Path images = out.resolve("images.png");
    RgbImage grid = RgbImage.decode(images, Files.readAllBytes(images));
    assertTrue(grid.width() > 5 * 8 && grid.height() > 2 * 8, grid.width() + "×" + grid.height());
    assertTrue(Files.readString(out.resolve("results.json")).contains("\"extra_plots\""));

    Path report = dir.resolve("report.html");
    CliRun html = CliRun.of("report", out.toString(), "--out", report.toString());
    assertEquals(0, html.exitCode(), html.err());
    assertTrue(Files.readString(report).contains("images.png"), "the report names the figure");
  }
}
