package io.learnopt.learned;

import io.learnopt.UsageException;

/**
 * The architecture of a coordinatewise LSTM optimizer: {@code layers} stacked LSTMs of {@code
 * hidden} units shared by every coordinate, reading the preprocessed gradient, and a linear output
 * times {@code outputScale}: u = scale·(w·h_top + b) (Andrychowicz et al. 2016, §2.1 and Appendix
 * A), or with {@code tanhOutput} the bounded u = scale·tanh(w·h_top + b) of RNNprop (Lv et al.
 * 2017), which no input can push past ±scale. With {@code inputUnits} &gt; 0 the preprocessed
 * inputs first pass through a fully connected layer of that many ELU units (RNNprop's input layer),
 * whose output the first LSTM layer reads.
 *
 * @param layers number of stacked LSTM layers (the paper: 2)
 * @param hidden units per layer (the paper: 20)
 * @param preprocessing how a gradient coordinate is read
 * @param p the log/sign preprocessing parameter (the paper: 10); unused for raw gradients
 * @param outputScale the factor on the output
 * @param tanhOutput whether the output passes through tanh before the scale
 * @param inputUnits units of the ELU input layer; 0 for none (the paper's LSTM)
 */
public record LstmOptimizerConfig(
    int layers,
    int hidden,
    Preprocessing preprocessing,
    float p,
    float outputScale,
    boolean tanhOutput,
    int inputUnits)
    implements java.io.Serializable {

  /** The most weights an LSTM may have: they live in one float[]. */
  public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

  /** Validates the configuration. */
  public LstmOptimizerConfig {
    if (layers < 1) {
      throw new UsageException("LSTM layers must be at least 1, got " + layers);
    }
    if (hidden < 1) {
      throw new UsageException("LSTM hidden units must be at least 1, got " + hidden);
    }
    if (inputUnits < 0) {
      throw new UsageException("input layer units must be 0 (none) or more, got " + inputUnits);
    }
    long weights = 1L + hidden + (long) inputUnits * (preprocessing.inputs() + 1);
    for (int l = 0; l < layers; l++) {
      long first = inputUnits > 0 ? inputUnits : preprocessing.inputs();
      long columns = (l == 0 ? first : hidden) + (long) hidden;
      weights += 4L * hidden * (columns + 1);
    }
    if (weights > MAX_PARAMETERS) {
      throw new UsageException(
          "an LSTM of "
              + layers
              + " layers of "
              + hidden
              + " units has "
              + weights
              + " weights, more than the "
              + MAX_PARAMETERS
              + " one array can hold; use fewer --hidden units or --layers");
    }
    if (!(p > 0) || Float.isInfinite(p)) {
      throw new UsageException("preprocessing p must be a positive number, got " + p);
    }
    if (!(outputScale > 0) || Float.isInfinite(outputScale)) {
      throw new UsageException("output scale must be a positive number, got " + outputScale);
    }
  }

  /** A configuration with the paper's linear output and no input layer. */
  public LstmOptimizerConfig(
      int layers, int hidden, Preprocessing preprocessing, float p, float outputScale) {
    this(layers, hidden, preprocessing, p, outputScale, false, 0);
  }

  /**
   * RNNprop (Lv et al. 2017) on the paper's 2×20 LSTM: Adam-normalized inputs ({@link
   * Preprocessing#ADAM}) through an input layer of 20 ELU units, output 0.1·tanh(w·h + b).
   */
  public static LstmOptimizerConfig rnnprop() {
    return new LstmOptimizerConfig(2, 20, Preprocessing.ADAM, 10f, 0.1f, true, 20);
  }

  /** The paper's setting for quadratics: 2×20, raw gradient, scale 1. */
  public static LstmOptimizerConfig paperQuadratic() {
    return new LstmOptimizerConfig(2, 20, Preprocessing.RAW, 10f, 1f);
  }

  /** The paper's setting for neural networks: 2×20, log/sign with p = 10, scale 0.1. */
  public static LstmOptimizerConfig paperNeuralNet() {
    return new LstmOptimizerConfig(2, 20, Preprocessing.LOG_SIGN, 10f, 0.1f);
  }

  /**
   * Input width of LSTM layer {@code l}: for layer 0 the input layer's units, or without one the
   * preprocessed inputs; else h of l−1.
   */
  public int inputSize(int l) {
    return l > 0 ? hidden : inputUnits > 0 ? inputUnits : preprocessing.inputs();
  }

  /** Gate rows per layer: i, f, g, o. */
  public int gateRows() {
    return 4 * hidden;
  }
}
