package io.learnopt.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The style-transfer feature nets: the VGG-19 loader on a tiny file, and the taps. */
class FeatureNetTest {
  @TempDir Path dir;

  /** torchvision's conv indices in vgg19().features. */
  private static final int[] CONVS = {0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34};

  /** A VGG-19-shaped file with 2 + k channels at conv k and torchvision's tensor names. */
  private Path tinyVgg(int skip) {
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    Rng rng = new Rng(4);
    int in = 3;
    for (int k = 0; k < CONVS.length; k++) {
      int out = 2 + k % 3;
      float[] w = new float[out * in * 9];
      rng.fillGaussian(w, 0f, 0.3f);
      float[] b = new float[out];
      rng.fillGaussian(b, 0f, 0.1f);
      if (CONVS[k] != skip) {
        tensors.put("features." + CONVS[k] + ".weight", FloatTensor.of(w, out, in, 3, 3));
      }
      tensors.put("features." + CONVS[k] + ".bias", FloatTensor.of(b, out));
      in = out;
    }
    Path file = dir.resolve("vgg19-tiny.safetensors");
    Safetensors.write(file, tensors, Map.of());
    return file;
  }

  @Test
  void aVgg19FileLoadsWithGatysTapsAndItsOwnWeights() {
    FeatureNet net = FeatureNet.vgg19(tinyVgg(-1));
    assertEquals(16, net.tapNames().size());
    assertEquals("relu4_2", net.contentTap());
    assertEquals(List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"), net.styleTaps());
    assertEquals(2 + 9 % 3, net.blocks().get(3).get(1).out()); // conv4_2 is the 10th conv
    float[] pixels = new float[3 * 32 * 32];
    new Rng(1).fillUniform(pixels, 0f, 1f);
    Tape tape = new Tape();
    Map<String, Var> taps =
        net.forward(
            tape, tape.constant(Tensor.of(pixels, 1, 3, 32, 32)), Set.of("relu1_1", "relu5_1"));
    assertArrayEquals(new int[] {1, 2, 32, 32}, taps.get("relu1_1").shape());
    assertArrayEquals(new int[] {1, 2 + 12 % 3, 2, 2}, taps.get("relu5_1").shape());
  }

  @Test
  void aMissingOrMisshapenTensorIsNamed() {
    LearnoptException missing =
        assertThrows(LearnoptException.class, () -> FeatureNet.vgg19(tinyVgg(21)));
    assertTrue(missing.getMessage().contains("features.21.weight"), missing.getMessage());

    Map<String, FloatTensor> bad = new LinkedHashMap<>();
    bad.put("features.0.weight", FloatTensor.of(new float[4 * 3 * 25], 4, 3, 5, 5));
    Path file = dir.resolve("bad.safetensors");
    Safetensors.write(file, bad, Map.of());
    LearnoptException shape = assertThrows(LearnoptException.class, () -> FeatureNet.vgg19(file));
    assertTrue(shape.getMessage().contains("[4, 3, 5, 5]"), shape.getMessage());
    assertTrue(shape.getMessage().contains("conv1_1"), shape.getMessage());
  }

  @Test
  void theRandomNetHasThreeScales() {
    FeatureNet net = FeatureNet.random(1);
    Tape tape = new Tape();
    Map<String, Var> taps =
        net.forward(
            tape,
            tape.constant(Tensor.zeros(1, 3, 16, 16)),
            Set.of("relu1_1", "relu2_1", "relu3_1"));
    assertArrayEquals(new int[] {1, 32, 16, 16}, taps.get("relu1_1").shape());
    assertArrayEquals(new int[] {1, 64, 8, 8}, taps.get("relu2_1").shape());
    assertArrayEquals(new int[] {1, 128, 4, 4}, taps.get("relu3_1").shape());
    Tape other = new Tape();
    Var image = other.constant(Tensor.zeros(1, 3, 8, 8));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> net.forward(other, image, Set.of("relu9_9")));
    assertTrue(e.getMessage().contains("relu9_9"), e.getMessage());
  }
}
