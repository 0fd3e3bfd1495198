package io.learnopt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LossCurvesTest {
  // Three tasks, two steps: columns (4, 1, 1), (2, 1, 0), (1, 1, 4).
  private static final double[][] LOSSES = {{4, 2, 1}, {1, 1, 1}, {1, 0, 4}};

  @Test
  void shape() {
    LossCurves curves = new LossCurves(LOSSES);
    assertEquals(3, curves.tasks());
    assertEquals(2, curves.steps());
  }

  @Test
  void finalLossesAreTheLastColumn() {
    LossCurves curves = new LossCurves(LOSSES);
    assertArrayEquals(new double[] {1, 1, 4}, curves.finalLosses());
    assertEquals(Summary.of(new double[] {1, 1, 4}), curves.finalSummary());
  }

  @Test
  void meanCurveAveragesOverTasksAtEachStep() {
    assertArrayEquals(new double[] {2, 1, 2}, new LossCurves(LOSSES).meanCurve(), 1e-12);
  }

  @Test
  void confidenceHalfWidthIsOnePointNineSixStandardErrors() {
    // Column stds (n − 1): (4,1,1) → √3, (2,1,0) → 1, (1,1,4) → √3.
    double se = 1.96 / Math.sqrt(3);
    assertArrayEquals(
        new double[] {Math.sqrt(3) * se, se, Math.sqrt(3) * se},
        new LossCurves(LOSSES).confidenceHalfWidth(),
        1e-12);
  }

  @Test
  void meanCurveIsInfiniteFromTheStepAnyTaskDiverged() {
    double[][] losses = {{4, 2, 1, 0.5}, {3, Double.NaN, Double.NaN, Double.NaN}};
    LossCurves curves = new LossCurves(losses);
    double[] mean = curves.meanCurve();
    assertEquals(3.5, mean[0], 1e-12);
    for (int t = 1; t <= 3; t++) {
      assertEquals(Double.POSITIVE_INFINITY, mean[t], "step " + t);
    }
    assertEquals(Double.POSITIVE_INFINITY, curves.confidenceHalfWidth()[2]);
    assertEquals(Double.POSITIVE_INFINITY, curves.finalSummary().mean());
  }
}
