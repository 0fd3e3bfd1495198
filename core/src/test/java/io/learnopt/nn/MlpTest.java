package io.learnopt.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.learnopt.UsageException;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MlpTest {

  @Test
  void layoutNamesShapesAndOffsets() {
    Mlp mlp = new Mlp(4, List.of(5, 3), 2, Activation.TANH);
    ParameterLayout layout = mlp.layout();
    assertEquals(4 * 5 + 5 + 5 * 3 + 3 + 3 * 2 + 2, mlp.parameterCount());
    assertEquals(mlp.parameterCount(), layout.size());
    assertEquals(
        List.of(
            "layer0.weight",
            "layer0.bias",
            "layer1.weight",
            "layer1.bias",
            "layer2.weight",
            "layer2.bias"),
        layout.entries().stream().map(ParameterLayout.Entry::name).toList());
    assertArrayEquals(new int[] {5, 3}, layout.entry("layer1.weight").shape());
    assertEquals(25, layout.entry("layer1.weight").offset());
  }

  @Test
  void initializationIsLecunNormalWithZeroBiasesAndSeeded() {
    Mlp mlp = new Mlp(400, List.of(300), 10, Activation.SIGMOID);
    float[] params = mlp.initialize(new Rng(1));
    assertArrayEquals(params, mlp.initialize(new Rng(1)));
    Tensor w = mlp.layout().view(params, "layer0.weight");
    double sum = 0, sumSq = 0;
    for (int i = 0; i < w.size(); i++) {
      sum += w.get(i);
      sumSq += (double) w.get(i) * w.get(i);
    }
    double mean = sum / w.size();
    double variance = sumSq / w.size() - mean * mean;
    assertEquals(0, mean, 1e-3);
    assertEquals(1.0 / 400, variance, 0.05 / 400);
    Tensor b = mlp.layout().view(params, "layer1.bias");
    for (int i = 0; i < b.size(); i++) {
      assertEquals(0f, b.get(i));
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void flatGradientMatchesFiniteDifferences(Activation activation) {
    Mlp mlp = new Mlp(4, List.of(5, 3), 3, activation);
    Rng rng = new Rng(2024);
    float[] params = mlp.initialize(rng);
    for (int i = 0; i < params.length; i++) {
      params[i] += (float) (0.1 * rng.nextGaussian()); // non-zero biases too
    }
    int batch = 6;
    float[] inputs = new float[batch * 4];
    rng.fillGaussian(inputs, 0f, 1f);
    int[] labels = {0, 1, 2, 2, 1, 0};
    float[] grad = new float[mlp.parameterCount()];
    java.util.Arrays.fill(grad, 123f); // must be overwritten, not added to
    float loss = mlp.lossAndGradient(params, inputs, labels, batch, grad);
    assertEquals(mlp.loss(params, inputs, labels, batch), loss, 1e-6f);

    // relu has kinks: a smaller step makes crossing one unlikely, at the price of more noise.
    double eps = activation == Activation.RELU ? 2e-3 : 1e-2;
    for (int i = 0; i < params.length; i++) {
      float saved = params[i];
      params[i] = (float) (saved + eps);
      double plus = mlp.loss(params, inputs, labels, batch);
      params[i] = (float) (saved - eps);
      double minus = mlp.loss(params, inputs, labels, batch);
      params[i] = saved;
      double fd = (plus - minus) / (2 * eps);
      if (!(Math.abs(grad[i] - fd) <= 1e-3 + 1e-2 * Math.abs(fd))) {
        fail(
            activation + " parameter " + i + ": gradient " + grad[i] + ", finite difference " + fd);
      }
    }
  }

  @Test
  void gradientDescentFitsSeparableBlobs() {
    // Three Gaussian blobs in the plane, one per class, centres 3 apart and std 0.5.
    int n = 90;
    float[][] centres = {{-3f, 0f}, {3f, 0f}, {0f, 3f}};
    Rng rng = new Rng(7);
    float[] inputs = new float[n * 2];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      inputs[2 * i] = centres[labels[i]][0] + (float) (0.5 * rng.nextGaussian());
      inputs[2 * i + 1] = centres[labels[i]][1] + (float) (0.5 * rng.nextGaussian());
    }
    Mlp mlp = new Mlp(2, List.of(8), 3, Activation.TANH);
    float[] params = mlp.initialize(new Rng(3));
    float[] grad = new float[mlp.parameterCount()];
    float first = mlp.lossAndGradient(params, inputs, labels, n, grad);
    float last = first;
    for (int step = 0; step < 200; step++) {
      last = mlp.lossAndGradient(params, inputs, labels, n, grad);
      for (int i = 0; i < params.length; i++) {
        params[i] -= 0.5f * grad[i];
      }
    }
    last = mlp.loss(params, inputs, labels, n);
    assertTrue(last < 0.1f * first, "loss went from " + first + " to " + last);
    assertEquals(1f, mlp.accuracy(params, inputs, labels, n));
  }

  @Test
  void accuracyCountsArgmaxHits() {
    // No hidden layer: logits = x·W + b with W = identity, so the larger input wins.
    Mlp mlp = new Mlp(2, List.of(), 2, Activation.RELU);
    float[] params = {1f, 0f, 0f, 1f, 0f, 0f};
    float[] inputs = {2f, 1f, 0f, 5f, 3f, 4f, 1f, 0f};
    assertEquals(0.75f, mlp.accuracy(params, inputs, new int[] {0, 1, 0, 0}, 4));
    assertEquals(1f, mlp.accuracy(params, inputs, new int[] {0, 1, 1, 0, 9}, 3));
  }

  @Test
  void badSpecsAreRejected() {
    assertThrows(UsageException.class, () -> new Mlp(0, List.of(3), 2, Activation.TANH));
    assertThrows(UsageException.class, () -> new Mlp(2, List.of(3, 0), 2, Activation.TANH));
  }
}
