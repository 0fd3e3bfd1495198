package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.Rng;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The LSTM optimizer used as a plain {@link Optimizer}. */
class LstmOptimizerTest {
  private static final LstmOptimizerConfig CONFIG =
      new LstmOptimizerConfig(2, 8, Preprocessing.RAW, 10f, 0.1f);

  private static LstmOptimizer optimizer(LstmOptimizerConfig config, long seed) {
    LstmParameters layout = new LstmParameters(config);
    return new LstmOptimizer(layout, layout.initialize(new Rng(seed)));
  }

  private static float[] gradient(int n, long seed) {
    float[] g = new float[n];
    new Rng(seed).fillGaussian(g, 0f, 1f);
    return g;
  }

  @Test
  void stateCarriesBetweenUpdates() {
    LstmOptimizer opt = optimizer(CONFIG, 1);
    float[] grad = gradient(5, 2);
    float[] params = new float[5];
    Optimizer.State state = opt.init(5);
    float[] first = new float[5];
    float[] second = new float[5];
    opt.update(grad, params, state, first);
    opt.update(grad, params, state, second);
    for (int i = 0; i < 5; i++) {
      assertTrue(first[i] != second[i], "coordinate " + i + ": the second update ignored state");
    }
    // A fresh state starts over: its first update equals the first one above.
    float[] again = new float[5];
    opt.update(grad, params, opt.init(5), again);
    assertArrayEquals(first, again);
  }

  @Test
  void statesAreIndependent() {
    LstmOptimizer opt = optimizer(CONFIG, 1);
    float[] grad = gradient(4, 3);
    Optimizer.State a = opt.init(4);
    Optimizer.State b = opt.init(4);
    float[] ua = new float[4];
    float[] ub = new float[4];
    opt.update(grad, new float[4], a, ua);
    opt.update(grad, new float[4], a, ua);
    opt.update(grad, new float[4], b, ub);
    float[] fresh = new float[4];
    opt.update(grad, new float[4], opt.init(4), fresh);
    assertArrayEquals(fresh, ub, "advancing state a changed state b");
  }

  /**
   * The LSTM is coordinatewise: a coordinate's updates depend only on its own gradients, whatever N
   * is and wherever the coordinate sits in the padded, blocked buffers. N covers lengths that are
   * not multiples of 16 and more than one 256-coordinate block.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 15, 17, 33, 257, 300})
  void updateOnAnyCoordinateCountMatchesOneCoordinateRuns(int n) {
    LstmOptimizer opt = optimizer(CONFIG, 4);
    int steps = 3;
    float[][] grads = new float[steps][];
    for (int t = 0; t < steps; t++) {
      grads[t] = gradient(n, 10 + t);
    }
    Optimizer.State state = opt.init(n);
    float[][] updates = new float[steps][n];
    for (int t = 0; t < steps; t++) {
      opt.update(grads[t], new float[n], state, updates[t]);
    }
    for (int i = 0; i < n; i += Math.max(1, n / 40)) {
      Optimizer.State single = opt.init(1);
      float[] u = new float[1];
      for (int t = 0; t < steps; t++) {
        opt.update(new float[] {grads[t][i]}, new float[1], single, u);
        assertTrue(Float.isFinite(updates[t][i]));
        assertEquals(
            u[0], updates[t][i], 1e-6f * Math.max(1e-3f, Math.abs(u[0])), "step " + t + " i " + i);
      }
    }
  }

  /**
   * The architecture written out in double precision (Andrychowicz et al. 2016, §2.1): per layer z
   * = W·[x; h] + b with gate rows i, f, g, o; c ← σ(f)·c + σ(i)·tanh(g); h ← σ(o)·tanh(c); u =
   * scale·(w·h_top + b), or scale·tanh(w·h_top + b); RNNprop's inputs from Adam's moments at β₁ =
   * β₂ = 0.95 with bias correction, and its input layer x ← ELU(A·x + a).
   */
  private static double[] referenceUpdates(
      LstmParameters layout, float[] phi, float[][] gradsPerStep, int coordinate) {
    LstmOptimizerConfig c = layout.config();
    int hidden = c.hidden();
    double[][] h = new double[c.layers()][hidden];
    double[][] cell = new double[c.layers()][hidden];
    double[] out = new double[gradsPerStep.length];
    double m = 0;
    double v = 0;
    for (int t = 0; t < gradsPerStep.length; t++) {
      double[] x = new double[c.preprocessing().inputs()];
      double grad = gradsPerStep[t][coordinate];
      if (c.preprocessing() == Preprocessing.ADAM) {
        m = 0.95 * m + 0.05 * grad;
        v = 0.95 * v + 0.05 * grad * grad;
        double denominator = Math.sqrt(v / (1 - Math.pow(0.95, t + 1))) + 1e-8;
        x[0] = m / (1 - Math.pow(0.95, t + 1)) / denominator;
        x[1] = grad / denominator;
      } else {
        float[] x0 = new float[x.length];
        c.preprocessing().apply(new float[] {gradsPerStep[t][coordinate]}, 1, c.p(), x0, 0, 1);
        for (int k = 0; k < x.length; k++) {
          x[k] = x0[k];
        }
      }
      if (c.inputUnits() > 0) {
        double[] elu = new double[c.inputUnits()];
        for (int j = 0; j < elu.length; j++) {
          double z = phi[layout.inputBiasOffset() + j];
          for (int k = 0; k < x.length; k++) {
            z += phi[layout.inputWeightOffset() + j * x.length + k] * x[k];
          }
          elu[j] = z > 0 ? z : Math.expm1(z);
        }
        x = elu;
      }
      for (int l = 0; l < c.layers(); l++) {
        int cols = layout.columns(l);
        double[] input = new double[cols];
        System.arraycopy(x, 0, input, 0, x.length);
        System.arraycopy(h[l], 0, input, x.length, hidden);
        double[] z = new double[4 * hidden];
        for (int j = 0; j < 4 * hidden; j++) {
          z[j] = phi[layout.biasOffset(l) + j];
          for (int k = 0; k < cols; k++) {
            z[j] += phi[layout.weightOffset(l) + j * cols + k] * input[k];
          }
        }
        for (int j = 0; j < hidden; j++) {
          double i = sigmoid(z[j]);
          double f = sigmoid(z[hidden + j]);
          double g = Math.tanh(z[2 * hidden + j]);
          double o = sigmoid(z[3 * hidden + j]);
          cell[l][j] = f * cell[l][j] + i * g;
          h[l][j] = o * Math.tanh(cell[l][j]);
        }
        x = h[l].clone();
      }
      double u = phi[layout.outputBiasOffset()];
      for (int j = 0; j < hidden; j++) {
        u += phi[layout.outputWeightOffset() + j] * x[j];
      }
      out[t] = c.outputScale() * (c.tanhOutput() ? Math.tanh(u) : u);
    }
    return out;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** Every preprocessing with the linear and the tanh output, and with an input layer. */
  static Stream<Arguments> architectures() {
    return Arrays.stream(Preprocessing.values())
        .flatMap(
            p ->
                Stream.of(
                    Arguments.of(p, false, 0), Arguments.of(p, true, 0), Arguments.of(p, true, 3)));
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void matchesTheLstmWrittenOut(Preprocessing preprocessing, boolean tanhOutput, int inputUnits) {
    LstmOptimizerConfig config =
        new LstmOptimizerConfig(2, 5, preprocessing, 10f, 0.5f, tanhOutput, inputUnits);
    LstmParameters layout = new LstmParameters(config);
    float[] phi = layout.initialize(new Rng(8));
    // Non-default biases so every bias is exercised.
    Rng rng = new Rng(9);
    for (int i = 0; i < phi.length; i++) {
      phi[i] += (float) (0.3 * rng.nextGaussian());
    }
    LstmOptimizer opt = new LstmOptimizer(layout, phi);
    int n = 19;
    int steps = 4;
    float[][] grads = new float[steps][];
    for (int t = 0; t < steps; t++) {
      grads[t] = gradient(n, 30 + t);
      grads[t][0] = 1e-7f * (t + 1); // below e^-p: the other log/sign branch
    }
    Optimizer.State state = opt.init(n);
    float[][] updates = new float[steps][n];
    for (int t = 0; t < steps; t++) {
      opt.update(grads[t], new float[n], state, updates[t]);
    }
    for (int i = 0; i < n; i++) {
      double[] expected = referenceUpdates(layout, phi, grads, i);
      for (int t = 0; t < steps; t++) {
        assertEquals(
            expected[t],
            updates[t][i],
            1e-5 * Math.max(1, Math.abs(expected[t])),
            "coordinate " + i + " step " + t);
      }
    }
  }

  @Test
  void phiIsCopiedInAndOut() {
    LstmParameters layout = new LstmParameters(CONFIG);
    float[] phi = layout.initialize(new Rng(1));
    LstmOptimizer opt = new LstmOptimizer(layout, phi);
    float[] grad = gradient(3, 4);
    float[] before = new float[3];
    opt.update(grad, new float[3], opt.init(3), before);
    Arrays.fill(phi, 0f);
    opt.parameters()[0] = 99f;
    float[] after = new float[3];
    opt.update(grad, new float[3], opt.init(3), after);
    assertArrayEquals(before, after);
    assertNotSame(opt.parameters(), opt.parameters());
    assertEquals(layout.size(), opt.parameters().length);
    assertEquals(CONFIG, opt.config());
    assertEquals("lstm", opt.name());
  }

  @Test
  void updateIsIndependentOfParams() {
    // The L2L optimizer reads gradients only; θ is not an input (§2).
    LstmOptimizer opt = optimizer(CONFIG, 2);
    float[] grad = gradient(6, 5);
    float[] a = new float[6];
    float[] b = new float[6];
    opt.update(grad, new float[6], opt.init(6), a);
    opt.update(grad, gradient(6, 99), opt.init(6), b);
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, new float[6]), "the update is all zero");
  }

  @Test
  void wrongLengthsAreRejected() {
    LstmOptimizer opt = optimizer(CONFIG, 1);
    Optimizer.State state = opt.init(5);
    assertThrows(
        IllegalArgumentException.class,
        () -> opt.update(new float[4], new float[4], state, new float[4]));
    assertThrows(
        IllegalArgumentException.class,
        () -> opt.update(new float[5], new float[5], state, new float[4]));
    LstmParameters layout = new LstmParameters(CONFIG);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LstmOptimizer(layout, new float[layout.size() - 1]));
    assertTrue(e.getMessage().contains(Integer.toString(layout.size())), e.getMessage());
  }
}
