package io.learnopt.optim;

import static io.learnopt.optim.UpdateSequences.GRADS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpropTest {

  /** The PyTorch (iRprop⁻) rule written out in double. */
  @ParameterizedTest
  @CsvSource({
    "0.01, 0.5, 1.2, 1e-6, 50",
    // Tight bounds so both clamps act within five steps: 0.1 grows to 0.12, 0.144, then caps at
    // 0.15; shrinks to 0.05, then floors at 0.04.
    "0.1, 0.5, 1.2, 0.04, 0.15",
    // An initial step above stepMax is clamped at step 1, as in PyTorch.
    "2.0, 0.3, 1.5, 1e-3, 1.0"
  })
  void matchesPyTorchRule(
      double lr, double etaMinus, double etaPlus, double stepMin, double stepMax) {
    int n = GRADS[0].length;
    double[] step = new double[n];
    double[] prev = new double[n];
    Arrays.fill(step, lr);
    double[][] expected = new double[GRADS.length][n];
    for (int t = 0; t < GRADS.length; t++) {
      for (int i = 0; i < n; i++) {
        double g = GRADS[t][i];
        if (g * prev[i] > 0) {
          step[i] = step[i] * etaPlus;
        } else if (g * prev[i] < 0) {
          step[i] = step[i] * etaMinus;
          g = 0;
        }
        step[i] = Math.min(Math.max(step[i], stepMin), stepMax);
        prev[i] = g;
        expected[t][i] = -Math.signum(g) * step[i];
      }
    }
    UpdateSequences.assertClose(
        expected,
        UpdateSequences.run(new Rprop(lr, etaMinus, etaPlus, stepMin, stepMax), GRADS),
        lr);
  }

  @Test
  void signChangeHoldsStillShrinksStepAndForgetsTheGradient() {
    // Coordinate 1 of GRADS alternates: −1, +0.8, −0.7, +0.6, −0.5.
    // t1: no memory → Δ stays 0.1, u = +0.1.  t2: sign change → Δ = 0.05, u = 0, memory zeroed.
    // t3: memory 0 → Δ stays 0.05, u = +0.05.  t4: change → Δ = 0.025, u = 0.  t5: u = +0.025.
    float[][] grads = new float[GRADS.length][];
    for (int t = 0; t < GRADS.length; t++) {
      grads[t] = new float[] {GRADS[t][1]};
    }
    float[][] u = UpdateSequences.run(new Rprop(0.1), grads);
    float[] coordinate = new float[u.length];
    for (int t = 0; t < u.length; t++) {
      coordinate[t] = u[t][0];
    }
    assertArrayEquals(new float[] {0.1f, 0f, 0.05f, 0f, 0.025f}, coordinate, 1e-8f);
  }

  @Test
  void steadySignGrowsStepGeometrically() {
    float[][] u = UpdateSequences.run(new Rprop(0.1), new float[][] {{-1}, {-2}, {-0.001f}});
    assertArrayEquals(
        new float[] {0.1f, 0.12f, 0.144f}, new float[] {u[0][0], u[1][0], u[2][0]}, 1e-7f);
  }
}
