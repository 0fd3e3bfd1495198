package io.learnopt.learned;

import io.learnopt.tensor.MatrixView;

/**
 * What BPTT keeps of an LSTM optimizer's unroll of T steps, in block-major buffers ({@link
 * BlockLayout}), allocated once: per layer, its hidden states, activated gates and cell states,
 * plus the gradients fed in and the output row.
 *
 * <p>Slot s of layer 0's input buffer holds [x(s) ; h⁰(s−1)], the preprocessed gradient and the
 * recurrent state, the rows its GEMM reads. Slot s of a higher layer's holds only h_l(s−1): its
 * GEMM reads h_{l−1}(s) where the layer below keeps it, in two products over W's two column ranges.
 * Slot 0 holds the state carried in from the previous unroll. Nothing is stored twice, and tanh(c)
 * is not stored at all (the backward pass recomputes it): at 10⁵ coordinates the forward pass
 * writes every stored byte to memory not touched since the previous unroll and the backward pass
 * reads it back, so stored bytes are time. Rows of one value per coordinate (gradients, output) are
 * plain arrays over the padded coordinates.
 */
final class Activations {
  final BlockLayout blocks;
  final int steps;
  private final LstmOptimizerConfig config;

  /** Per layer: slots 0..T of its input rows (see the class comment). */
  final float[][] in;

  /** Per layer: slots 0..T−1 of its activated gates (i, f, g, o). */
  final float[][] gates;

  /** Per layer: slots 0..T of its cell states (slot t+1 is c after step t). */
  final float[][] cells;

  /** Slots 0..T of the raw gradients ∇f(θ_t). */
  final float[] grads;

  /**
   * With an input layer: slots 0..T−1 of the preprocessed inputs it reads (R rows), kept for its
   * weight gradient; null without one (the preprocessed inputs are layer 0's first rows).
   */
  final float[] raw;

  /** The output layer's row (w·h + b), and the backward pass's ∂L/∂(w·h + b). */
  final float[] output;

  /** Buffers for {@code steps} steps over {@code blocks}. */
  Activations(LstmParameters layout, BlockLayout blocks, int steps) {
    this.blocks = blocks;
    this.steps = steps;
    this.config = layout.config();
    int layers = config.layers();
    int total = blocks.total();
    long perLayer = (long) total * (steps + 1);
    if (perLayer * (config.gateRows() + config.hidden() + layout.columns(0)) * layers
        > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          blocks.coordinates() + " coordinates × " + steps + " steps do not fit in memory buffers");
    }
    in = new float[layers][];
    gates = new float[layers][];
    cells = new float[layers][];
    for (int l = 0; l < layers; l++) {
      in[l] = new float[(steps + 1) * inputRows(config, l) * total];
      gates[l] = new float[steps * config.gateRows() * total];
      cells[l] = new float[(steps + 1) * config.hidden() * total];
    }
    grads = new float[(steps + 1) * total];
    output = new float[total];
    raw = config.inputUnits() > 0 ? new float[steps * rawRows(config) * total] : null;
  }

  /** Preprocessed inputs per coordinate. */
  private static int rawRows(LstmOptimizerConfig config) {
    return config.preprocessing().inputs();
  }

  /**
   * Rows per slot of layer l's input buffer. Layer 0 keeps [input; h⁰]; a layer above keeps only
   * its own h, and reads its input, the h of the layer below, where that layer keeps it.
   */
  static int inputRows(LstmOptimizerConfig config, int l) {
    return l == 0 ? config.inputSize(0) + config.hidden() : config.hidden();
  }

  /**
   * Bytes the buffers of a store for {@code coordinates} × {@code steps} take, without allocating
   * them (the per-layer input, gate and cell slots, the gradients, the output).
   */
  static long bytes(LstmParameters layout, int coordinates, int steps) {
    LstmOptimizerConfig c = layout.config();
    long total = BlockLayout.of(coordinates).total();
    long floats = (steps + 2L) * total;
    if (c.inputUnits() > 0) {
      floats += (long) steps * rawRows(c) * total;
    }
    for (int l = 0; l < c.layers(); l++) {
      floats += (steps + 1L) * (inputRows(c, l) + c.hidden()) * total;
      floats += (long) steps * c.gateRows() * total;
    }
    return 4 * floats;
  }

  /** Layer 0's input rows [x(slot) ; h⁰(slot−1)] of block k. */
  MatrixView input(int slot, int k) {
    return blocks.view(in[0], slot, inputRows(config, 0), k);
  }

  /**
   * The preprocessed inputs of step {@code slot}, block k: the input layer's R input rows, or
   * without one the first rows of {@link #input}.
   */
  MatrixView rawInput(int slot, int k) {
    return raw == null ? input(slot, k) : blocks.view(raw, slot, rawRows(config), k);
  }

  /** h_l(slot − 1) of block k: H rows of layer l's input buffer. */
  MatrixView hidden(int l, int slot, int k) {
    return new MatrixView(in[l], hiddenOffset(l, slot, k), blocks.stride());
  }

  /** Where {@link #hidden} starts in {@code in[l]}. */
  int hiddenOffset(int l, int slot, int k) {
    int below = l == 0 ? config.inputSize(0) * blocks.stride() : 0;
    return blocks.chunk(slot, inputRows(config, l), k) + below;
  }

  /** Layer l's activated gates (4H rows) of step t, block k. */
  MatrixView gates(int l, int t, int k) {
    return blocks.view(gates[l], t, config.gateRows(), k);
  }

  /** Layer l's cell state c of slot {@code slot} (c after step slot − 1), block k. */
  MatrixView cellState(int l, int slot, int k) {
    return blocks.view(cells[l], slot, config.hidden(), k);
  }

  /** Where {@link #cellState} starts in {@code cells[l]}. */
  int cellOffset(int slot, int k) {
    return blocks.chunk(slot, config.hidden(), k);
  }

  /** Layer l's cell at step t, block k: its gates, c(t − 1) and c(t). */
  LstmCell cell(int l, int t, int k) {
    return new LstmCell(
        gates(l, t, k), cellState(l, t, k), cellState(l, t + 1, k), config.hidden());
  }

  /** The gradient fed in at step t, from block k's first coordinate (one row). */
  MatrixView gradient(int t, int k) {
    return new MatrixView(grads, t * blocks.total() + blocks.first(k), blocks.stride());
  }

  /** The output row from block k's first coordinate. */
  MatrixView output(int k) {
    return new MatrixView(output, blocks.first(k), blocks.stride());
  }
}
