package io.learnopt.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.learnopt.UsageException;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The paper's CIFAR network: layout, gradient against finite differences, bad sizes. */
class ConvFcNetTest {

  @Test
  void thePapersNetworkHasItsLayersInFlatOrder() {
    ConvFcNet net = new ConvFcNet(3, 32, 16, 5, 3, 32, 10);
    ParameterLayout layout = net.layout();
    assertEquals(
        List.of(
            "block0.conv.weight",
            "block0.bn.gamma",
            "block0.bn.beta",
            "block1.conv.weight",
            "block1.bn.gamma",
            "block1.bn.beta",
            "block2.conv.weight",
            "block2.bn.gamma",
            "block2.bn.beta",
            "fc.weight",
            "fc.bias",
            "head.weight",
            "head.bias"),
        layout.entries().stream().map(ParameterLayout.Entry::name).toList());
    // 32 → 16 → 8 → 4 after three poolings: 16·4·4 = 256 features.
    assertEquals(256, net.featureSize());
    int expected = 16 * 3 * 25 + 32 + (16 * 16 * 25 + 32) * 2 + 256 * 32 + 32 + 32 * 10 + 10;
    assertEquals(expected, net.parameterCount());
  }

  @ParameterizedTest(name = "kernel {0}, input channels {1}")
  @CsvSource({"3, 1", "5, 2"})
  void flatGradientMatchesFiniteDifferences(int kernel, int inputChannels) {
    ConvFcNet net = new ConvFcNet(inputChannels, 8, 3, kernel, 2, 4, 3);
    Rng rng = new Rng(2026);
    float[] params = net.initialize(rng);
    for (int i = 0; i < params.length; i++) {
      params[i] += (float) (0.1 * rng.nextGaussian());
    }
    int batch = 4;
    float[] inputs = new float[batch * net.inputSize()];
    rng.fillGaussian(inputs, 0f, 1f);
    int[] labels = {0, 2, 1, 2};
    float[] grad = new float[net.parameterCount()];
    Arrays.fill(grad, 7f);
    float loss = net.lossAndGradient(params, inputs, labels, batch, grad);
    assertEquals(net.loss(params, inputs, labels, batch), loss, 1e-6f);
    KinkAwareGradientCheck.check(net, params, inputs, labels, batch, grad);
  }

  @Test
  void badSizesAreUsageErrors() {
    assertThrows(UsageException.class, () -> new ConvFcNet(1, 28, 16, 4, 3, 32, 10), "even");
    assertThrows(UsageException.class, () -> new ConvFcNet(1, 4, 16, 3, 3, 32, 10), "too small");
    assertThrows(UsageException.class, () -> new ConvFcNet(1, 28, 0, 5, 3, 32, 10), "channels");
    assertThrows(
        UsageException.class, () -> new ConvFcNet(1, 28, 100000, 5, 3, 32, 10), "too many");
  }
}
