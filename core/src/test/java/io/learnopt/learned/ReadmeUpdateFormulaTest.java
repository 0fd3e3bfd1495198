package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's file-format section says how a model file turns a gradient into an update. This test
 * implements exactly that, in doubles, from nothing but the file's tensors and metadata, and
 * compares it with {@link LstmOptimizer#update} over several steps, with gradients above, at and
 * below the log-sign threshold and zero.
 */
class ReadmeUpdateFormulaTest {

  @Test
  void readmeStatesThePreprocessingThresholdAndOutputScale() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String formats = readme.substring(readme.indexOf("## File formats"));
    for (String statement :
        new String[] {
          "x = (log|g| / p, sign g) if |g| ≥ e^−p, else x = (−1, e^p · g)",
          "4.54·10⁻⁵ for the default p = 10",
          "u = s · (`output.weight` · h_top + `output.bias`)",
          "c_l ← σ(z_f) ⊙ c_l + σ(z_i) ⊙ tanh(z_g), h_l ← σ(z_o) ⊙ tanh(c_l)"
        }) {
      assertTrue(formats.contains(statement), "README's file formats lack: " + statement);
    }
    assertEquals(4.54e-5, Math.exp(-10), 0.005e-5);
  }

  @Test
  void theReadmeFormulaGivesLstmOptimizerUpdates(@TempDir Path dir) {
    LstmOptimizerConfig config = new LstmOptimizerConfig(2, 6, Preprocessing.LOG_SIGN, 10f, 0.1f);
    LstmParameters layout = new LstmParameters(config);
    // Every weight and bias random (a fresh φ has zero biases but the forget gate's).
    float[] phi = new float[layout.size()];
    new Rng(5).fillGaussian(phi, 0f, 0.5f);
    Path file = dir.resolve("m.safetensors");
    LstmOptimizerFile.save(file, new LstmOptimizer(layout, phi), Map.of());

    float threshold = (float) Math.exp(-10);
    float[][] grads = {
      {0.3f, -2f, 1e-3f, -4 * threshold, 0.5f * threshold, 0f, -1e-7f},
      {-0.1f, 5f, threshold, -threshold / 3, 0f, 1e-2f, 7e-6f},
      {1f, -1f, 2e-5f, -2e-5f, 1e-6f, -3f, 0.25f}
    };
    int n = grads[0].length;
    LstmOptimizer lstm = LstmOptimizerFile.load(file);
    Optimizer.State state = lstm.init(n);
    Readme readme = new Readme(Safetensors.read(file), n);
    float[] params = new float[n];
    float[] update = new float[n];
    for (float[] g : grads) {
      lstm.update(g, params, state, update);
      double[] expected = readme.step(g);
      for (int i = 0; i < n; i++) {
        assertEquals(expected[i], update[i], 1e-5 * Math.max(1e-2, Math.abs(expected[i])), "" + i);
      }
    }
  }

  /** The three steps of README.md, per coordinate, in doubles. */
  private static final class Readme {
    private final int layers;
    private final int hidden;
    private final double p;
    private final double scale;
    private final boolean logSign;
    private final float[][] w;
    private final float[][] b;
    private final float[] outW;
    private final float outB;
    private final double[][][] h;
    private final double[][][] c;

    Readme(SafetensorsFile file, int n) {
      layers = Integer.parseInt(file.metadata("layers"));
      hidden = Integer.parseInt(file.metadata("hidden"));
      p = Double.parseDouble(file.metadata("p"));
      scale = Double.parseDouble(file.metadata("output_scale"));
      logSign = file.metadata("preprocessing").equals("log-sign");
      w = new float[layers][];
      b = new float[layers][];
      for (int l = 0; l < layers; l++) {
        w[l] = file.get("lstm." + l + ".weight").data();
        b[l] = file.get("lstm." + l + ".bias").data();
      }
      outW = file.get("output.weight").data();
      outB = file.get("output.bias").data()[0];
      h = new double[n][layers][hidden];
      c = new double[n][layers][hidden];
    }

    double[] step(float[] grads) {
      double[] u = new double[grads.length];
      for (int k = 0; k < grads.length; k++) {
        double g = grads[k];
        double[] input;
        if (!logSign) {
          input = new double[] {g};
        } else if (Math.abs(g) >= Math.exp(-p)) {
          input = new double[] {Math.log(Math.abs(g)) / p, Math.signum(g)};
        } else {
          input = new double[] {-1, Math.exp(p) * g};
        }
        for (int l = 0; l < layers; l++) {
          int columns = input.length + hidden;
          double[] z = new double[4 * hidden];
          for (int r = 0; r < 4 * hidden; r++) {
            double sum = b[l][r];
            for (int q = 0; q < columns; q++) {
              double v = q < input.length ? input[q] : h[k][l][q - input.length];
              sum += w[l][r * columns + q] * v;
            }
            z[r] = sum;
          }
          for (int j = 0; j < hidden; j++) {
            double i = sigmoid(z[j]);
            double f = sigmoid(z[hidden + j]);
            double gg = Math.tanh(z[2 * hidden + j]);
            double o = sigmoid(z[3 * hidden + j]);
            c[k][l][j] = f * c[k][l][j] + i * gg;
            h[k][l][j] = o * Math.tanh(c[k][l][j]);
          }
          input = h[k][l].clone();
        }
        double out = outB;
        for (int j = 0; j < hidden; j++) {
          out += outW[j] * h[k][layers - 1][j];
        }
        u[k] = scale * out;
      }
      return u;
    }

    private static double sigmoid(double x) {
      return 1 / (1 + Math.exp(-x));
    }
  }
}
