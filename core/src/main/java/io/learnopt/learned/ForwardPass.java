package io.learnopt.learned;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.MatrixView;
import java.util.Arrays;

/**
 * One forward step of the coordinatewise LSTM for one block of coordinates, keeping what BPTT needs
 * in the {@link Activations} (Andrychowicz et al. 2016, §2.1 and Appendix A):
 *
 * <pre>
 *   x        = preprocess(∇f(θ_t))                      (then ELU(A·x + a) with an input layer)
 *   z_l      = W_l·[h_{l−1}(t) ; h_l(t−1)] + b_l       h_{−1} = x
 *   h_l, c_l = cell(z_l, c_l(t−1))                      LstmKernels.cellForward
 *   out      = w·h_top + b                              u_t = scale · out  (or scale · tanh(out))
 * </pre>
 *
 * Every layer of one step runs for one block before the next block, so the block's data stays in
 * L2.
 */
final class ForwardPass {
  private final LstmParameters layout;
  private final LstmOptimizerConfig config;
  private final LstmKernels kernels;
  private final Activations a;

  ForwardPass(LstmParameters layout, LstmKernels kernels, Activations activations) {
    this.layout = layout;
    this.config = layout.config();
    this.kernels = kernels;
    this.a = activations;
  }

  /** Step t for block k: reads its gradients, writes its output row and activations. */
  void block(float[] phi, int t, int k) {
    BlockLayout blocks = a.blocks;
    int gateRows = config.gateRows();
    int width = blocks.width(k);
    MatrixView grad = a.gradient(t, k);
    MatrixView input = a.input(t, k);
    // The preprocessed inputs of this block (real coordinates only; padding keeps zero inputs).
    // Stateful inputs (AdamInputs) are in place already.
    MatrixView raw = a.rawInput(t, k);
    if (config.preprocessing().stateless()) {
      config
          .preprocessing()
          .apply(
              grad.array(),
              grad.offset(),
              blocks.realWidth(k),
              config.p(),
              raw.array(),
              raw.offset(),
              raw.stride());
    }
    int units = config.inputUnits();
    if (units > 0) {
      // x = ELU(A·raw + a), the first rows of layer 0's input.
      MatrixView weights = new MatrixView(phi, layout.inputWeightOffset(), layout.rawInputs());
      MatrixView bias = new MatrixView(phi, layout.inputBiasOffset(), 1);
      kernels.gemmBias(weights, units, layout.rawInputs(), bias, raw, input, width);
      for (int r = 0; r < units; r++) {
        Kernels.elu(input.array(), input.index(r, 0), width);
      }
    }
    for (int l = 0; l < config.layers(); l++) {
      LstmCell cell = a.cell(l, t, k);
      MatrixView w = new MatrixView(phi, layout.weightOffset(l), layout.columns(l));
      MatrixView bias = new MatrixView(phi, layout.biasOffset(l), 1);
      if (l == 0) {
        // z = W·[x ; h⁰(t−1)] + b
        kernels.gemmBias(w, gateRows, layout.columns(0), bias, input, cell.gates(), width);
      } else {
        // z = W·[h_{l−1}(t) ; h_l(t−1)] + b as two products over W's two column ranges, in the
        // order of one: the same bits.
        int inputs = config.inputSize(l);
        MatrixView below = a.hidden(l - 1, t + 1, k);
        kernels.gemmBias(w, gateRows, inputs, bias, below, cell.gates(), width);
        MatrixView recurrent = a.hidden(l, t, k);
        kernels.gemm(
            w.fromColumn(inputs), gateRows, config.hidden(), recurrent, cell.gates(), true, width);
      }
      // h_l(t), c_l(t) = cell(z, c_l(t − 1))
      kernels.cellForward(cell, a.hidden(l, t + 1, k), width);
    }
    // out = w·h_top + b
    int top = config.layers() - 1;
    int b0 = blocks.first(k);
    Arrays.fill(a.output, b0, b0 + width, phi[layout.outputBiasOffset()]);
    MatrixView wOut = new MatrixView(phi, layout.outputWeightOffset(), config.hidden());
    kernels.gemm(wOut, 1, config.hidden(), a.hidden(top, t + 1, k), a.output(k), true, width);
  }

  /**
   * u = scale · out (or scale · tanh(out)) over the real coordinates, once every block ran. The
   * tanh is {@code StrictMath}'s, as in the backward pass: {@code Math.tanh} may differ in the last
   * bit between JIT states, and a recomputed unroll must give the stored one's bits.
   */
  void update(float[] update) {
    float scale = config.outputScale();
    int n = a.blocks.coordinates();
    if (config.tanhOutput()) {
      for (int b = 0; b < n; b++) {
        update[b] = scale * (float) StrictMath.tanh(a.output[b]);
      }
    } else {
      for (int b = 0; b < n; b++) {
        update[b] = scale * a.output[b];
      }
    }
  }
}
