package io.learnopt.nn;

import io.learnopt.UsageException;
import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import java.util.List;

/**
 * A multi-layer perceptron classifier: {@code inputSize} → hidden layers → {@code outputClasses}
 * logits, the given activation after every hidden layer and none after the last, trained with mean
 * softmax cross-entropy. The L2L paper's MNIST optimizee is {@code new Mlp(784, List.of(20), 10,
 * SIGMOID)}. An empty hidden list gives multinomial logistic regression.
 *
 * <p>Parameters live in one flat vector (see {@link #layout()}), layer by layer: {@code
 * layer0.weight} [in × h0], {@code layer0.bias} [h0], {@code layer1.weight} [h0 × h1], … Weights
 * are stored fan-in × fan-out so a layer is y = x·W + b on row-major batches (PyTorch's {@code
 * nn.Linear} stores the transpose). This spec is immutable; all state is in the caller's arrays.
 */
public record Mlp(
    int inputSize, List<Integer> hiddenSizes, int outputClasses, Activation activation)
    implements Classifier {

  /** Checks sizes and copies {@code hiddenSizes}. */
  public Mlp {
    if (inputSize <= 0 || outputClasses <= 0) {
      throw new UsageException(
          "mlp: inputSize and outputClasses must be positive, got "
              + inputSize
              + " and "
              + outputClasses);
    }
    hiddenSizes = List.copyOf(hiddenSizes);
    for (int h : hiddenSizes) {
      if (h <= 0) {
        throw new UsageException("mlp: hidden sizes must be positive, got " + hiddenSizes);
      }
    }
    if (activation == null) {
      throw new UsageException("mlp: an activation is required");
    }
  }

  /** Number of linear layers (hidden layers + the output layer). */
  public int layers() {
    return hiddenSizes.size() + 1;
  }

  @Override
  public String kind() {
    return "mlp";
  }

  /** The names, shapes and flat offsets of all parameters, in flat order. */
  @Override
  public ParameterLayout layout() {
    ParameterLayout.Builder b = ParameterLayout.builder();
    for (int l = 0; l < layers(); l++) {
      b.add(weightName(l), fanIn(l), fanOut(l));
      b.add(biasName(l), fanOut(l));
    }
    return b.build();
  }

  /** Length of the flat parameter (and gradient) vector. */
  @Override
  public int parameterCount() {
    long count = 0;
    for (int l = 0; l < layers(); l++) {
      count += (long) fanIn(l) * fanOut(l) + fanOut(l);
    }
    if (count > Integer.MAX_VALUE) {
      throw new UsageException("mlp: " + count + " parameters do not fit in one float[]");
    }
    return (int) count;
  }

  /**
   * Writes initial parameters: LeCun normal weights W ~ N(0, 1/fan_in), which keep the variance of
   * pre-activations near that of the inputs, and zero biases. Draws come from {@code rng} layer by
   * layer, each weight matrix in row-major order, so a seed fixes the result.
   */
  @Override
  public void initialize(Rng rng, float[] params) {
    requireLength("params", params);
    ParameterLayout layout = layout();
    for (int l = 0; l < layers(); l++) {
      NormalInit.fill(rng, layout.view(params, weightName(l)), (float) (1.0 / Math.sqrt(fanIn(l))));
      layout.view(params, biasName(l)).fillZero();
    }
  }

  /** Name of the weight matrix of linear layer {@code l}: {@code layer<l>.weight}. */
  public static String weightName(int l) {
    return "layer" + l + ".weight";
  }

  /** Name of the bias of linear layer {@code l}: {@code layer<l>.bias}. */
  public static String biasName(int l) {
    return "layer" + l + ".bias";
  }

  /** h ← act(h·W_l + b_l) for hidden layers, then logits = h·W_last + b_last. */
  @Override
  public Var forward(Tape tape, List<Var> params, float[] inputs, int batch) {
    Var h = input(tape, inputs, batch);
    for (int l = 0; l < layers(); l++) {
      h = tape.linear(h, params.get(2 * l), params.get(2 * l + 1));
      if (l < layers() - 1) {
        h = activation.apply(tape, h);
      }
    }
    return h;
  }

  private int fanIn(int l) {
    return l == 0 ? inputSize : hiddenSizes.get(l - 1);
  }

  private int fanOut(int l) {
    return l == hiddenSizes.size() ? outputClasses : hiddenSizes.get(l);
  }
}
