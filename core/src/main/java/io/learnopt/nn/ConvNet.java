package io.learnopt.nn;

import io.learnopt.UsageException;
import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import java.util.Iterator;
import java.util.List;

/**
 * The convolutional classifier of few-shot learning (Vinyals et al. 2016; Ravi &amp; Larochelle
 * 2017; Finn et al. 2017, MAML): {@code blocks} blocks of [3×3 convolution with padding 1 to {@code
 * channels} channels, batch norm (optional), ReLU, 2×2 max-pooling with stride 2], then a linear
 * layer to {@code classes} logits, trained with mean softmax cross-entropy. {@link #omniglot} is
 * the standard net on 28×28 grayscale images: 28 → 14 → 7 → 3 → 1, so the features are {@code
 * channels} × 1 × 1.
 *
 * <p>Inputs are row-major batches of images, [batch × inputChannels × height × width] floats. Batch
 * norm uses the statistics of the batch being evaluated, never running averages (see {@link
 * Tape#batchNorm}): with it, an example's logits depend on the rest of its batch, as in the
 * few-shot papers, so evaluate an episode's query set as one batch.
 *
 * <p>Parameters live in one flat vector (see {@link #layout()}), block by block: {@code
 * block0.conv.weight} [channels × inputChannels × 3 × 3], then either {@code block0.bn.gamma} and
 * {@code block0.bn.beta} [channels] or, without batch norm, {@code block0.conv.bias} [channels]; …;
 * last {@code head.weight} [features × classes] and {@code head.bias} [classes]. With batch norm
 * the convolutions have no bias: subtracting the batch mean cancels it exactly, so its gradient
 * would be 0. The head is stored fan-in × fan-out like {@link Mlp}'s layers. This spec is
 * immutable; all state is in the caller's arrays.
 */
public record ConvNet(
    int inputChannels,
    int height,
    int width,
    int channels,
    int blocks,
    boolean batchNorm,
    int classes)
    implements Classifier {

  /** Side of the square convolution kernels. */
  public static final int KERNEL = 3;

  /** Name of the head's weight matrix [features × classes]. */
  public static final String HEAD_WEIGHT = "head.weight";

  /** Name of the head's bias [classes]. */
  public static final String HEAD_BIAS = "head.bias";

  /** Checks that the sizes are positive and the input survives {@code blocks} poolings. */
  public ConvNet {
    if (inputChannels <= 0
        || height <= 0
        || width <= 0
        || channels <= 0
        || blocks <= 0
        || classes <= 0) {
      throw new UsageException(
          "convnet: inputChannels, height, width, channels, blocks and classes must be positive,"
              + " got "
              + inputChannels
              + ", "
              + height
              + ", "
              + width
              + ", "
              + channels
              + ", "
              + blocks
              + ", "
              + classes);
    }
    // Each block halves the size (floor), so 2^blocks pixels per side are needed.
    if (blocks > 30 || Math.min(height, width) >> blocks == 0) {
      throw new UsageException(
          "convnet: "
              + blocks
              + " blocks of 2×2 max-pooling need at least 2^"
              + blocks
              + " pixels per side, got "
              + height
              + "×"
              + width
              + "; use fewer blocks");
    }
    long inputs = (long) inputChannels * height * width;
    long count = 0;
    for (int l = 0; l < blocks; l++) {
      long in = l == 0 ? inputChannels : channels;
      count += in * KERNEL * KERNEL * channels + (batchNorm ? 2L : 1L) * channels;
    }
    long features = (long) channels * (height >> blocks) * (width >> blocks);
    count += features * classes + classes;
    if (inputs > Integer.MAX_VALUE || count > Integer.MAX_VALUE) {
      throw new UsageException(
          "convnet: "
              + count
              + " parameters or "
              + inputs
              + " floats per image do not fit in one float[]");
    }
  }

  /** The standard few-shot net on 28×28 grayscale images: 4 blocks with batch norm. */
  public static ConvNet omniglot(int channels, int classes) {
    return new ConvNet(1, 28, 28, channels, 4, true, classes);
  }

  /** Floats per input image: inputChannels × height × width. */
  @Override
  public int inputSize() {
    return inputChannels * height * width;
  }

  /** Images: [batch, inputChannels, height, width]. */
  @Override
  public int[] inputShape(int batch) {
    return new int[] {batch, inputChannels, height, width};
  }

  /**
   * Length of the feature vector fed to the head: channels × (height ≫ blocks) × (width ≫ blocks).
   */
  public int featureSize() {
    return channels * (height >> blocks) * (width >> blocks);
  }

  @Override
  public String kind() {
    return "convnet";
  }

  /** The names, shapes and flat offsets of all parameters, in flat order. */
  @Override
  public ParameterLayout layout() {
    ParameterLayout.Builder b = ParameterLayout.builder();
    convBlocks().addTo(b);
    b.add(HEAD_WEIGHT, featureSize(), classes);
    b.add(HEAD_BIAS, classes);
    return b.build();
  }

  /** Length of the flat parameter (and gradient) vector. */
  @Override
  public int parameterCount() {
    return layout().size();
  }

  /**
   * Writes initial parameters: He (Kaiming) normal convolution weights W ~ N(0, 2/fan_in), fan_in =
   * in-channels·3·3, which keep the variance of pre-activations constant through ReLUs (He et al.
   * 2015); a LeCun normal head N(0, 1/fan_in) as {@link Mlp} has, since no ReLU follows it; zero
   * biases; batch norm γ = 1, β = 0 (the identity on normalized values). Draws come from {@code
   * rng} weight by weight, in flat order, so a seed fixes the result.
   */
  @Override
  public void initialize(Rng rng, float[] params) {
    requireLength("params", params);
    ParameterLayout layout = layout();
    convBlocks().initialize(rng, layout, params);
    NormalInit.fill(rng, layout.view(params, HEAD_WEIGHT), (float) Math.sqrt(1.0 / featureSize()));
    layout.view(params, HEAD_BIAS).fillZero();
  }

  /** The convolution blocks: 3×3 kernels, batch norm or a conv bias. */
  private ConvBlocks convBlocks() {
    return new ConvBlocks(inputChannels, channels, KERNEL, blocks, batchNorm);
  }

  /** Per block h ← relu(maxPool(bn(conv(h)))), then logits = flatten(h)·W_head + b_head. */
  @Override
  public Var forward(Tape tape, List<Var> params, float[] inputs, int batch) {
    Iterator<Var> next = params.iterator();
    Var h = convBlocks().forward(tape, next, input(tape, inputs, batch));
    h = tape.reshape(h, batch, featureSize());
    return tape.linear(h, next.next(), next.next());
  }
}
