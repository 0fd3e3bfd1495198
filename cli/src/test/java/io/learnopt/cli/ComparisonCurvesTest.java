package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.cli.plot.Curve;
import io.learnopt.eval.Comparison;
import io.learnopt.eval.LearningRateGrid;
import io.learnopt.eval.LossCurves;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonCurvesTest {
  @TempDir Path dir;

  private static Comparison.Entry entry(String name, Double lr, double finalLoss, boolean tuned) {
    double[][] losses = {{1, 0.9 * finalLoss}, {1, 1.1 * finalLoss}};
    LearningRateGrid.Result grid =
        tuned ? new LearningRateGrid.Result(lr, new double[] {lr}, new double[] {finalLoss}) : null;
    return new Comparison.Entry(name, lr, new LossCurves(losses), grid);
  }

  private static Comparison.Result result() {
    return new Comparison.Result(
        "quadratic",
        1,
        2,
        7,
        List.of(
            entry("lstm", null, 0.1, false),
            entry("sgd", 0.0316, 0.5, true),
            entry("nag", 0.01, 0.2, true),
            entry("adam:lr=0.1,beta1=0.95", 0.1, 0.3, false)));
  }

  @Test
  void legendsGiveTheLearningRateEachBaselineRanAt() {
    List<String> names = ComparisonCurves.of(result()).stream().map(Curve::name).toList();
    assertEquals(
        List.of("lstm", "sgd (lr=0.0316)", "nag (lr=0.0100)", "adam:lr=0.1,beta1=0.95"), names);
  }

  @Test
  void onlyTheLearnedOptimizerAndTheBestBaselineHaveBands() {
    List<Curve> curves = ComparisonCurves.of(result());
    assertTrue(curves.get(0).hasBand(), "lstm");
    assertFalse(curves.get(1).hasBand(), "sgd");
    assertTrue(curves.get(2).hasBand(), "nag, the best baseline");
    assertFalse(curves.get(3).hasBand(), "adam");
  }

  @Test
  void learnedOptimizersNamedAfterTheirFilesAreNeverTheBestBaseline() {
    Comparison.Result named =
        new Comparison.Result(
            "quadratic",
            1,
            2,
            7,
            List.of(
                entry("general", null, 0.05, false),
                entry("rnnprop-mnist", null, 0.08, false),
                entry("sgd", 0.0316, 0.5, true),
                entry("nag", 0.01, 0.2, true)));
    assertEquals(3, ComparisonCurves.bestBaseline(named.entries()));
    List<Curve> curves = ComparisonCurves.of(named);
    assertTrue(curves.get(0).hasBand(), "general");
    assertTrue(curves.get(1).hasBand(), "rnnprop-mnist");
    assertFalse(curves.get(2).hasBand(), "sgd");
    assertTrue(curves.get(3).hasBand(), "nag, the best baseline");
  }

  @Test
  void longHorizonsArePlottedAsTrailingMeans() {
    assertEquals(1, ComparisonCurves.window(100));
    assertEquals(1, ComparisonCurves.window(499));
    assertEquals(10, ComparisonCurves.window(1000));
    assertEquals(100, ComparisonCurves.window(10000));
    assertEquals("", ComparisonCurves.windowNote(100));
    assertEquals("; each point the mean of the last 10 steps", ComparisonCurves.windowNote(1000));
    double inf = Double.POSITIVE_INFINITY;
    assertArrayEquals(
        new double[] {4, 3, 2, 4.0 / 3, inf},
        ComparisonCurves.trailingMean(new double[] {4, 2, 0, 2, inf}, 3),
        1e-12);
    double[] same = {1, 2};
    assertSame(same, ComparisonCurves.trailingMean(same, 1));
  }

  @Test
  void theWrittenPlotNamesTheTunedRates() throws Exception {
    ResultFiles.writeAll(result(), Map.of(), dir, "learnopt eval", null);
    String svg = Files.readString(dir.resolve("loss.svg"));
    assertTrue(svg.contains("sgd (lr=0.0316) (line);"), svg.substring(0, 600));
    assertTrue(svg.contains("nag (lr=0.0100) (line with band)"), svg.substring(0, 600));
  }
}
