package io.learnopt.nn;

import io.learnopt.LearnoptException;
import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fixed convolutional feature extractor for style transfer: per-channel input normalization, then
 * 3×3 convolutions (same padding, with bias) each followed by ReLU, and 2×2 max-pooling between
 * blocks; the ReLU outputs are named taps ({@code relu1_1}, …) that the style and content losses
 * read. Its weights are constants: only the image is optimized.
 *
 * <p>Two kinds: {@link #vgg19} reads the VGG-19 conv stack that Gatys et al. used from a
 * safetensors file with torchvision's names; {@link #random} is the shipped default, a three-scale
 * network with seeded random weights (random-weight conv nets give usable texture statistics:
 * Ustyuzhaninov, Brendel, Gatys &amp; Bethge, "What does it take to generate natural textures?",
 * ICLR 2017; He, Wang &amp; Hopcroft, "A powerful generative model using random weights for the
 * deep image representation", NeurIPS 2016).
 *
 * @param kind {@code random} or {@code vgg19} (for messages and provenance)
 * @param mean per-channel mean subtracted from the image
 * @param std per-channel divisor after that
 * @param blocks the convolution blocks in order; a 2×2 max-pool separates consecutive blocks
 * @param styleTaps the taps of the style loss
 * @param contentTap the tap of the content loss
 */
public record FeatureNet(
    String kind,
    float[] mean,
    float[] std,
    List<List<Conv>> blocks,
    List<String> styleTaps,
    String contentTap) {

  /** One 3×3 convolution and its ReLU, whose output is the tap {@code name}. */
  public record Conv(String name, Tensor weight, Tensor bias) {
    /** Output channels. */
    public int out() {
      return weight.shape()[0];
    }

    /** Input channels. */
    public int in() {
      return weight.shape()[1];
    }
  }

  /** torchvision's VGG-19 {@code features} layout: convolutions per block. */
  private static final int[] VGG19_BLOCKS = {2, 2, 4, 4, 4};

  /** ImageNet statistics that torchvision's VGG-19 expects its input normalized with. */
  private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

  private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /**
   * The shipped default: three blocks of one 3×3 convolution (32, 64 and 128 channels) at full,
   * half and quarter resolution, He-initialized from {@code seed}, biases zero; style taps all
   * three, content tap the second.
   */
  public static FeatureNet random(long seed) {
    Rng rng = new Rng(seed);
    int[] widths = {32, 64, 128};
    List<List<Conv>> blocks = new ArrayList<>();
    int in = 3;
    for (int b = 0; b < widths.length; b++) {
      Tensor w = Tensor.zeros(widths[b], in, 3, 3);
      NormalInit.fill(rng, w, (float) Math.sqrt(2.0 / (9 * in)));
      blocks.add(List.of(new Conv("relu" + (b + 1) + "_1", w, Tensor.zeros(widths[b]))));
      in = widths[b];
    }
    return new FeatureNet(
        "random",
        new float[] {0.5f, 0.5f, 0.5f},
        new float[] {0.25f, 0.25f, 0.25f},
        blocks,
        List.of("relu1_1", "relu2_1", "relu3_1"),
        "relu2_1");
  }

  /**
   * VGG-19's conv stack from {@code file}: torchvision's {@code features.N.weight} and {@code
   * features.N.bias} for the 16 convolutions (N = 0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28,
   * 30, 32, 34), any channel widths that chain, 3×3 kernels. Style taps relu1_1 … relu5_1, content
   * tap relu4_2, as Gatys et al. 2016.
   *
   * @throws LearnoptException naming the tensor if one is missing or has the wrong shape
   */
  public static FeatureNet vgg19(Path file) {
    SafetensorsFile contents = Safetensors.read(file);
    List<List<Conv>> blocks = new ArrayList<>();
    int index = 0;
    int in = 3;
    for (int b = 0; b < VGG19_BLOCKS.length; b++) {
      List<Conv> convs = new ArrayList<>();
      for (int j = 0; j < VGG19_BLOCKS[b]; j++) {
        String prefix = "features." + index + ".";
        FloatTensor w = contents.get(prefix + "weight");
        int[] shape = w.shape();
        if (shape.length != 4 || shape[1] != in || shape[2] != 3 || shape[3] != 3) {
          throw new LearnoptException(
              file
                  + ": "
                  + prefix
                  + "weight has shape "
                  + Arrays.toString(shape)
                  + ", expected ["
                  + "out, "
                  + in
                  + ", 3, 3] for VGG-19's conv"
                  + (b + 1)
                  + "_"
                  + (j + 1)
                  + "; pass torchvision's vgg19().features weights");
        }
        float[] bias = contents.tensor(prefix + "bias", shape[0]);
        convs.add(
            new Conv(
                "relu" + (b + 1) + "_" + (j + 1),
                Tensor.of(w.data(), shape),
                Tensor.of(bias, shape[0])));
        in = shape[0];
        index += 2; // each conv is followed by its ReLU
      }
      blocks.add(List.copyOf(convs));
      index += 1; // the max-pool after the block
    }
    return new FeatureNet(
        "vgg19",
        IMAGENET_MEAN,
        IMAGENET_STD,
        blocks,
        List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"),
        "relu4_2");
  }

  /**
   * The taps in {@code wanted} of {@code image} [1×3×H×W] on {@code tape}, computing only as far as
   * the deepest one.
   */
  public Map<String, Var> forward(Tape tape, Var image, Set<String> wanted) {
    Map<String, Var> taps = new LinkedHashMap<>();
    Var x = normalize(tape, image);
    for (int b = 0; b < blocks.size() && taps.size() < wanted.size(); b++) {
      if (b > 0) {
        x = tape.maxPool2d(x, 2);
      }
      for (Conv c : blocks.get(b)) {
        if (taps.size() == wanted.size()) {
          break;
        }
        x = tape.relu(tape.conv2d(x, tape.constant(c.weight()), tape.constant(c.bias()), 1));
        if (wanted.contains(c.name())) {
          taps.put(c.name(), x);
        }
      }
    }
    if (taps.size() != wanted.size()) {
      throw new IllegalArgumentException(
          kind + " feature net has no taps " + wanted + " (it has " + tapNames() + ")");
    }
    return taps;
  }

  /** The names of every tap, in order. */
  public List<String> tapNames() {
    List<String> names = new ArrayList<>();
    for (List<Conv> block : blocks) {
      for (Conv c : block) {
        names.add(c.name());
      }
    }
    return names;
  }

  /** (x − mean)/std per channel, as a 1×1 convolution with bias. */
  private Var normalize(Tape tape, Var image) {
    Tensor w = Tensor.zeros(3, 3, 1, 1);
    Tensor b = Tensor.zeros(3);
    for (int c = 0; c < 3; c++) {
      w.set(c * 3 + c, 1f / std[c]);
      b.set(c, -mean[c] / std[c]);
    }
    return tape.conv2d(image, tape.constant(w), tape.constant(b), 0);
  }
}
