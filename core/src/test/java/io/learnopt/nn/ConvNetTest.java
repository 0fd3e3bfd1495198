package io.learnopt.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvNetTest {

  @Test
  void layoutNamesShapesAndOffsets() {
    ConvNet bn = new ConvNet(2, 8, 8, 3, 2, true, 4);
    assertEquals(
        List.of(
            "block0.conv.weight",
            "block0.bn.gamma",
            "block0.bn.beta",
            "block1.conv.weight",
            "block1.bn.gamma",
            "block1.bn.beta",
            "head.weight",
            "head.bias"),
        names(bn.layout()));
    assertArrayEquals(new int[] {3, 2, 3, 3}, bn.layout().entry("block0.conv.weight").shape());
    assertArrayEquals(new int[] {3, 3, 3, 3}, bn.layout().entry("block1.conv.weight").shape());
    assertArrayEquals(new int[] {3 * 2 * 2, 4}, bn.layout().entry("head.weight").shape());
    assertEquals(54 + 6 + 81 + 6 + 48 + 4, bn.parameterCount());
    assertEquals(60, bn.layout().entry("block1.conv.weight").offset());

    ConvNet plain = new ConvNet(2, 8, 8, 3, 2, false, 4);
    assertEquals(
        List.of(
            "block0.conv.weight",
            "block0.conv.bias",
            "block1.conv.weight",
            "block1.conv.bias",
            "head.weight",
            "head.bias"),
        names(plain.layout()));
    assertEquals(54 + 3 + 81 + 3 + 48 + 4, plain.parameterCount());
  }

  @Test
  void omniglotNetPoolsTo1x1() {
    ConvNet net = ConvNet.omniglot(64, 5);
    assertEquals(new ConvNet(1, 28, 28, 64, 4, true, 5), net);
    assertEquals(784, net.inputSize());
    assertEquals(64, net.featureSize());
    // 4 convolutions, 4 × (γ, β), a 64 × 5 head: the ~112k of MAML's net minus its conv biases.
    assertEquals(576 + 3 * 36864 + 4 * 128 + 64 * 5 + 5, net.parameterCount());

    ConvNet small = ConvNet.omniglot(4, 5);
    float[] params = small.initialize(new Rng(1));
    float[] images = new float[3 * 784];
    new Rng(2).fillUniform(images, 0f, 1f);
    Tensor logits = small.logits(params, images, 3);
    assertArrayEquals(new int[] {3, 5}, logits.shape());
  }

  @Test
  void initializationIsHeForConvolutionsLecunForTheHeadAndSeeded() {
    ConvNet net = new ConvNet(1, 16, 16, 64, 2, true, 10);
    float[] params = net.initialize(new Rng(1));
    assertArrayEquals(params, net.initialize(new Rng(1)));
    ParameterLayout layout = net.layout();
    assertVariance(2.0 / (64 * 9), layout.view(params, "block1.conv.weight"));
    assertVariance(1.0 / (64 * 4 * 4), layout.view(params, "head.weight"));
    assertAll(1f, layout.view(params, "block0.bn.gamma"));
    assertAll(0f, layout.view(params, "block1.bn.beta"));
    assertAll(0f, layout.view(params, "head.bias"));
    ConvNet plain = new ConvNet(1, 16, 16, 4, 2, false, 10);
    assertAll(0f, plain.layout().view(plain.initialize(new Rng(2)), "block0.conv.bias"));
  }

  @ParameterizedTest(name = "inputChannels {0}, batchNorm {1}")
  @CsvSource({"1, true", "2, false"})
  void flatGradientMatchesFiniteDifferences(int inputChannels, boolean batchNorm) {
    ConvNet net = new ConvNet(inputChannels, 8, 8, 3, 2, batchNorm, 3);
    Rng rng = new Rng(2025);
    float[] params = net.initialize(rng);
    for (int i = 0; i < params.length; i++) {
      params[i] += (float) (0.1 * rng.nextGaussian()); // non-zero biases and β, γ ≠ 1
    }
    int batch = 4;
    float[] inputs = new float[batch * net.inputSize()];
    rng.fillGaussian(inputs, 0f, 1f);
    int[] labels = {0, 2, 1, 2};
    float[] grad = new float[net.parameterCount()];
    Arrays.fill(grad, 123f); // must be overwritten, not added to
    float loss = net.lossAndGradient(params, inputs, labels, batch, grad);
    assertEquals(net.loss(params, inputs, labels, batch), loss, 1e-6f);

    KinkAwareGradientCheck.check(net, params, inputs, labels, batch, grad);
  }

  @Test
  void gradientDescentSeparatesBrightCorners() {
    // 8×8 noise images with a bright 3×3 patch in the top-left (class 0) or bottom-right corner.
    int n = 24;
    Rng rng = new Rng(11);
    float[] images = new float[n * 64];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      for (int p = 0; p < 64; p++) {
        images[i * 64 + p] = (float) (0.3 * rng.nextDouble());
      }
      int corner = labels[i] == 0 ? 0 : 5;
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 3; x++) {
          images[i * 64 + (corner + y) * 8 + corner + x] += 1f;
        }
      }
    }
    ConvNet net = new ConvNet(1, 8, 8, 4, 2, true, 2);
    float[] params = net.initialize(new Rng(3));
    float[] grad = new float[net.parameterCount()];
    float first = net.loss(params, images, labels, n);
    for (int step = 0; step < 60; step++) {
      net.lossAndGradient(params, images, labels, n, grad);
      for (int i = 0; i < params.length; i++) {
        params[i] -= 0.1f * grad[i];
      }
    }
    float last = net.loss(params, images, labels, n);
    assertTrue(last < 0.2f * first, "loss went from " + first + " to " + last);
    assertEquals(1f, net.accuracy(params, images, labels, n));
  }

  @Test
  void badSpecsAreRejected() {
    UsageException u =
        assertThrows(UsageException.class, () -> new ConvNet(1, 28, 28, 8, 5, true, 5));
    assertTrue(u.getMessage().contains("2^5 pixels per side, got 28×28"), u.getMessage());
    assertThrows(UsageException.class, () -> new ConvNet(1, 28, 28, 0, 4, true, 5));
    assertThrows(UsageException.class, () -> new ConvNet(1, 28, 28, 8, 0, true, 5));
    assertThrows(UsageException.class, () -> new ConvNet(1, 28, 28, 1 << 20, 4, true, 5));
  }

  private static List<String> names(ParameterLayout layout) {
    return layout.entries().stream().map(ParameterLayout.Entry::name).toList();
  }

  private static void assertVariance(double expected, Tensor w) {
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < w.size(); i++) {
      sum += w.get(i);
      sumSq += (double) w.get(i) * w.get(i);
    }
    double mean = sum / w.size();
    assertEquals(0, mean, 3 * Math.sqrt(expected / w.size()));
    assertEquals(expected, sumSq / w.size() - mean * mean, 0.05 * expected);
  }

  private static void assertAll(float expected, Tensor t) {
    for (int i = 0; i < t.size(); i++) {
      assertEquals(expected, t.get(i));
    }
  }
}
