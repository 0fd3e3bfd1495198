package io.learnopt.nn;

import io.learnopt.UsageException;
import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import java.util.Iterator;
import java.util.List;

/**
 * The convolutional optimizee of Andrychowicz et al. 2016, §3.3: {@code blocks} blocks of a {@code
 * kernel × kernel} convolution with "same" zero padding, batch norm, ReLU and 2×2 max-pooling, then
 * a fully connected layer of {@code fc} ReLU units and a linear head to {@code classes} logits (the
 * paper: three blocks of 16 channels, 5×5 kernels, 32 units, on CIFAR-10).
 *
 * <p>Parameters, in flat order: per block {@code block<l>.conv.weight} [channels × in × k × k],
 * {@code block<l>.bn.gamma} and {@code block<l>.bn.beta} [channels] (no convolution bias: batch
 * norm's mean subtraction cancels it); then {@code fc.weight} [features × fc], {@code fc.bias}
 * [fc], {@code head.weight} [fc × classes], {@code head.bias} [classes]. The names tell the
 * convolutional parameters ({@code block*}) from the fully connected ones, the two groups the
 * paper's optimizer gives one LSTM each. Immutable; all state is in the caller's arrays.
 */
public record ConvFcNet(
    int inputChannels, int side, int channels, int kernel, int blocks, int fc, int classes)
    implements Classifier {

  /** Checks that sizes are positive, the kernel odd (so padding keeps the size) and fits. */
  public ConvFcNet {
    if (inputChannels <= 0
        || side <= 0
        || channels <= 0
        || kernel <= 0
        || blocks <= 0
        || fc <= 0
        || classes <= 0) {
      throw new UsageException(
          "conv net: sizes must be positive, got inputChannels "
              + inputChannels
              + ", side "
              + side
              + ", channels "
              + channels
              + ", kernel "
              + kernel
              + ", blocks "
              + blocks
              + ", fc "
              + fc
              + ", classes "
              + classes);
    }
    if (kernel % 2 == 0 || kernel > side) {
      throw new UsageException(
          "conv net: kernel must be odd (so 'same' padding keeps the image size) and at most the"
              + " image side "
              + side
              + ", got "
              + kernel);
    }
    if (blocks > 30 || side >> blocks == 0) {
      throw new UsageException(
          "conv net: " + blocks + " blocks of 2×2 pooling need at least 2^" + blocks + " pixels");
    }
    long count = 0;
    for (int l = 0; l < blocks; l++) {
      long in = l == 0 ? inputChannels : channels;
      count += in * kernel * kernel * channels + 2L * channels;
    }
    long features = (long) channels * (side >> blocks) * (side >> blocks);
    count += features * fc + fc + (long) fc * classes + classes;
    if (count > Integer.MAX_VALUE - 8
        || (long) inputChannels * side * side > Integer.MAX_VALUE - 8) {
      throw new UsageException(
          "conv net: " + count + " parameters do not fit in one array; use fewer channels or fc");
    }
  }

  /** The convolution blocks, with batch norm. */
  private ConvBlocks convBlocks() {
    return new ConvBlocks(inputChannels, channels, kernel, blocks, true);
  }

  /** Length of the flattened feature maps fed to the fully connected layer. */
  public int featureSize() {
    return channels * (side >> blocks) * (side >> blocks);
  }

  @Override
  public int inputSize() {
    return inputChannels * side * side;
  }

  @Override
  public int[] inputShape(int batch) {
    return new int[] {batch, inputChannels, side, side};
  }

  @Override
  public String kind() {
    return "conv-fc";
  }

  @Override
  public ParameterLayout layout() {
    ParameterLayout.Builder b = ParameterLayout.builder();
    convBlocks().addTo(b);
    b.add("fc.weight", featureSize(), fc);
    b.add("fc.bias", fc);
    b.add("head.weight", fc, classes);
    b.add("head.bias", classes);
    return b.build();
  }

  @Override
  public int parameterCount() {
    return layout().size();
  }

  /**
   * He normal weights N(0, 2/fan_in) for the convolutions and the ReLU layer, LeCun normal N(0,
   * 1/fan_in) for the head, zero biases, γ = 1 and β = 0; drawn in flat order from {@code rng}.
   */
  @Override
  public void initialize(Rng rng, float[] params) {
    requireLength("params", params);
    ParameterLayout layout = layout();
    convBlocks().initialize(rng, layout, params);
    NormalInit.fill(rng, layout.view(params, "fc.weight"), (float) Math.sqrt(2.0 / featureSize()));
    layout.view(params, "fc.bias").fillZero();
    NormalInit.fill(rng, layout.view(params, "head.weight"), (float) Math.sqrt(1.0 / fc));
    layout.view(params, "head.bias").fillZero();
  }

  /** Per block h ← relu(maxPool(bn(conv(h)))); then relu(h·W_fc + b_fc)·W_head + b_head. */
  @Override
  public Var forward(Tape tape, List<Var> params, float[] inputs, int batch) {
    Iterator<Var> next = params.iterator();
    Var h = convBlocks().forward(tape, next, input(tape, inputs, batch));
    h = tape.reshape(h, batch, featureSize());
    h = tape.relu(tape.linear(h, next.next(), next.next()));
    return tape.linear(h, next.next(), next.next());
  }
}
