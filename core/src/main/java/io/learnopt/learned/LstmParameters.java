package io.learnopt.learned;

import io.learnopt.tensor.Rng;

/**
 * Where each weight of a coordinatewise LSTM optimizer lives in its flat meta-parameter vector φ,
 * so that the meta-optimizer (any {@link io.learnopt.optim.Optimizer}) sees one float[]: per layer
 * l, W_l [4H × (in_l + H)] (row-major, input columns first, then recurrent) and b_l [4H]; then the
 * output weights w [H] and bias b [1]; then, with an input layer of U units over R preprocessed
 * inputs, its weights A [U × R] and bias a [U].
 */
public final class LstmParameters implements java.io.Serializable {
  private final LstmOptimizerConfig config;
  private final int[] weightOffset;
  private final int[] biasOffset;
  private final int outputWeightOffset;
  private final int outputBiasOffset;
  private final int inputWeightOffset;
  private final int inputBiasOffset;
  private final int size;

  /** The layout for {@code config}. */
  public LstmParameters(LstmOptimizerConfig config) {
    this.config = config;
    int layers = config.layers();
    weightOffset = new int[layers];
    biasOffset = new int[layers];
    int offset = 0;
    for (int l = 0; l < layers; l++) {
      weightOffset[l] = offset;
      offset += config.gateRows() * columns(l);
      biasOffset[l] = offset;
      offset += config.gateRows();
    }
    outputWeightOffset = offset;
    offset += config.hidden();
    outputBiasOffset = offset;
    offset += 1;
    inputWeightOffset = offset;
    offset += config.inputUnits() * rawInputs();
    inputBiasOffset = offset;
    size = offset + config.inputUnits();
  }

  /** The preprocessed inputs per coordinate (what the input layer, if any, reads). */
  public int rawInputs() {
    return config.preprocessing().inputs();
  }

  /** Offset of the input layer's weights A [U × R] in φ (unused without an input layer). */
  public int inputWeightOffset() {
    return inputWeightOffset;
  }

  /** Offset of the input layer's bias in φ. */
  public int inputBiasOffset() {
    return inputBiasOffset;
  }

  /** The configuration this layout is for. */
  public LstmOptimizerConfig config() {
    return config;
  }

  /** Total number of meta-parameters. */
  public int size() {
    return size;
  }

  /** Columns of W_l: input width plus hidden units. */
  public int columns(int l) {
    return config.inputSize(l) + config.hidden();
  }

  /** Offset of W_l in φ. */
  public int weightOffset(int l) {
    return weightOffset[l];
  }

  /** Offset of b_l in φ. */
  public int biasOffset(int l) {
    return biasOffset[l];
  }

  /** Offset of the output weights in φ. */
  public int outputWeightOffset() {
    return outputWeightOffset;
  }

  /** Offset of the output bias in φ. */
  public int outputBiasOffset() {
    return outputBiasOffset;
  }

  /**
   * A fresh φ: weights uniform in ±1/√H (the PyTorch LSTM default), forget-gate biases 1 so the
   * cells start out remembering (Jozefowicz et al. 2015), other biases 0; output weights uniform in
   * ±1/√H, output bias 0; input layer weights uniform in ±1/√R, bias 0 (drawn last, so the other
   * weights are those of the same LSTM without an input layer).
   */
  public float[] initialize(Rng rng) {
    float[] phi = new float[size];
    float bound = (float) (1.0 / Math.sqrt(config.hidden()));
    int hidden = config.hidden();
    for (int l = 0; l < config.layers(); l++) {
      for (int i = 0; i < config.gateRows() * columns(l); i++) {
        phi[weightOffset[l] + i] = (float) ((2 * rng.nextDouble() - 1) * bound);
      }
      for (int j = 0; j < hidden; j++) {
        phi[biasOffset[l] + hidden + j] = 1f;
      }
    }
    for (int j = 0; j < hidden; j++) {
      phi[outputWeightOffset + j] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    float inputBound = (float) (1.0 / Math.sqrt(rawInputs()));
    for (int i = 0; i < config.inputUnits() * rawInputs(); i++) {
      phi[inputWeightOffset + i] = (float) ((2 * rng.nextDouble() - 1) * inputBound);
    }
    return phi;
  }

  /** Saved tensors: two per layer, the output's two, and the input layer's two if any. */
  private int tensorCount() {
    return 2 * config.layers() + 2 + (config.inputUnits() > 0 ? 2 : 0);
  }

  /** Tensor names for saving, in φ order. */
  public String[] tensorNames() {
    String[] names = new String[tensorCount()];
    for (int l = 0; l < config.layers(); l++) {
      names[2 * l] = "lstm." + l + ".weight";
      names[2 * l + 1] = "lstm." + l + ".bias";
    }
    names[2 * config.layers()] = "output.weight";
    names[2 * config.layers() + 1] = "output.bias";
    if (config.inputUnits() > 0) {
      names[2 * config.layers() + 2] = "input.weight";
      names[2 * config.layers() + 3] = "input.bias";
    }
    return names;
  }

  /** Shapes matching {@link #tensorNames()}. */
  public int[][] tensorShapes() {
    int[][] shapes = new int[tensorCount()][];
    for (int l = 0; l < config.layers(); l++) {
      shapes[2 * l] = new int[] {config.gateRows(), columns(l)};
      shapes[2 * l + 1] = new int[] {config.gateRows()};
    }
    shapes[2 * config.layers()] = new int[] {1, config.hidden()};
    shapes[2 * config.layers() + 1] = new int[] {1};
    if (config.inputUnits() > 0) {
      shapes[2 * config.layers() + 2] = new int[] {config.inputUnits(), rawInputs()};
      shapes[2 * config.layers() + 3] = new int[] {config.inputUnits()};
    }
    return shapes;
  }

  /** Offsets in φ matching {@link #tensorNames()}. */
  public int[] tensorOffsets() {
    int[] offsets = new int[tensorCount()];
    for (int l = 0; l < config.layers(); l++) {
      offsets[2 * l] = weightOffset[l];
      offsets[2 * l + 1] = biasOffset[l];
    }
    offsets[2 * config.layers()] = outputWeightOffset;
    offsets[2 * config.layers() + 1] = outputBiasOffset;
    if (config.inputUnits() > 0) {
      offsets[2 * config.layers() + 2] = inputWeightOffset;
      offsets[2 * config.layers() + 3] = inputBiasOffset;
    }
    return offsets;
  }
}
