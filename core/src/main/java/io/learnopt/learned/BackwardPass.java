package io.learnopt.learned;

import io.learnopt.tensor.MatrixView;
import java.util.Arrays;

/**
 * BPTT through every step of one block of coordinates, from the {@link Activations} a forward pass
 * kept, into lane-wide accumulators of ∂L/∂φ ({@link LstmKernels#outerAccumulate}).
 *
 * <p>Meta-gradient (Andrychowicz et al. 2016, §2; docs/ARCHITECTURE.md): with the optimizee
 * gradient treated as an input (∂∇f/∂φ = 0), L = Σ_{t=1..T} w_t f(θ_t) and θ_{t+1} = θ_t + u_t give
 *
 * <pre>
 *   a_{t+1}        = Σ_{s>t} w_s ∇f(θ_s)                 ∂L/∂u_t, a suffix sum of forward gradients
 *   ∂L/∂out        = scale · a_{t+1}                     u_t = scale · out
 *                    (· (1 − tanh²(out)) for u_t = scale · tanh(out), out recomputed)
 *   ∂L/∂(w, b)    += ∂L/∂out · h_top, ∂L/∂out
 *   ∂L/∂h_top     += w · ∂L/∂out
 *   per layer l, top down:
 *     dz_l         = cellBackward(∂L/∂h_l, dc_l)       also ∂L/∂b_l += Σ dz_l, dc_l ← ∂L/∂c_l(t−1)
 *     ∂L/∂W_l     += dz_l · [h_{l−1}(t) ; h_l(t−1)]ᵀ
 *     ∂L/∂h_{l−1} += W_{l,x}ᵀ · dz_l                    (l > 0: the layer below's output at t)
 *     ∂L/∂h_l      = W_{l,h}ᵀ · dz_l                    carried to step t−1
 *   with an input layer x = ELU(A·raw + a): ∂L/∂x = W_{0,x}ᵀ · dz_0, d = ∂L/∂x ⊙ ELU′,
 *     ∂L/∂A += d · rawᵀ, ∂L/∂a += Σ d
 * </pre>
 *
 * Nothing couples coordinates in BPTT, so a block walks all T steps before the next block and its
 * carried adjoints stay in cache. The scratch is full width, each block using its own columns, so
 * workers on disjoint blocks share it.
 */
final class BackwardPass {
  private final LstmParameters layout;
  private final LstmOptimizerConfig config;
  private final LstmKernels kernels;
  private final Activations a;
  // Scratch, allocated on first use: per layer ∂L/∂h and the cell adjoint of the step in hand,
  // dz, the suffix sum a_{t+1}, and per layer Wᵀ with views of its two row ranges: W_xᵀ (the
  // layer's input columns of W) and W_hᵀ (its recurrent columns).
  private float[][] dh;
  private float[][] dc;
  private float[] dz;
  private float[] adjoint;
  private float[][] transposed;
  private MatrixView[] inputWeightsT;
  private MatrixView[] recurrentWeightsT;
  // With an input layer: ∂L/∂x and then ∂L/∂(A·raw + a), its units' rows.
  private float[] dx;

  BackwardPass(LstmParameters layout, LstmKernels kernels, Activations activations) {
    this.layout = layout;
    this.config = layout.config();
    this.kernels = kernels;
    this.a = activations;
  }

  /** Allocates the scratch (once) and transposes the weights of {@code phi}: before any block. */
  void prepare(float[] phi) {
    int layers = config.layers();
    int gateRows = config.gateRows();
    if (dz == null) {
      int total = a.blocks.total();
      dh = new float[layers][config.hidden() * total];
      dc = new float[layers][config.hidden() * total];
      dz = new float[gateRows * total];
      adjoint = new float[total];
      dx = new float[config.inputUnits() * total];
      transposed = new float[layers][];
      inputWeightsT = new MatrixView[layers];
      recurrentWeightsT = new MatrixView[layers];
      for (int l = 0; l < layers; l++) {
        transposed[l] = new float[gateRows * layout.columns(l)];
        inputWeightsT[l] = new MatrixView(transposed[l], 0, gateRows);
        recurrentWeightsT[l] = inputWeightsT[l].fromRow(config.inputSize(l));
      }
    }
    for (int l = 0; l < layers; l++) {
      int cols = layout.columns(l);
      int w = layout.weightOffset(l);
      for (int j = 0; j < gateRows; j++) {
        for (int k = 0; k < cols; k++) {
          transposed[l][k * gateRows + j] = phi[w + j * cols + k];
        }
      }
    }
  }

  /** BPTT through every step of block k, ∂L/∂φ into lane-wide accumulators {@code wide}. */
  void block(float[] phi, float[] stepWeights, float lossScale, float[] wide, int k) {
    BlockLayout blocks = a.blocks;
    int gateRows = config.gateRows();
    int hidden = config.hidden();
    int top = config.layers() - 1;
    int b0 = blocks.first(k);
    int width = blocks.width(k);
    MatrixView dzk = blocks.view(dz, 0, gateRows, k);
    MatrixView[] dhk = new MatrixView[config.layers()];
    MatrixView[] dck = new MatrixView[config.layers()];
    MatrixView[] dw = new MatrixView[config.layers()];
    MatrixView[] db = new MatrixView[config.layers()];
    for (int l = 0; l <= top; l++) {
      dw[l] = new MatrixView(wide, layout.weightOffset(l), layout.columns(l));
      db[l] = new MatrixView(wide, layout.biasOffset(l), 1);
      dhk[l] = blocks.view(dh[l], 0, hidden, k);
      dck[l] = blocks.view(dc[l], 0, hidden, k);
      Arrays.fill(dh[l], dhk[l].offset(), dhk[l].offset() + hidden * blocks.stride(), 0f);
      Arrays.fill(dc[l], dck[l].offset(), dck[l].offset() + hidden * blocks.stride(), 0f);
    }
    Arrays.fill(adjoint, b0, b0 + width, 0f);
    float outScale = config.outputScale() * lossScale;
    MatrixView dOut = a.output(k);
    MatrixView wOut = new MatrixView(phi, layout.outputWeightOffset(), 1);
    MatrixView wOutRow = new MatrixView(phi, layout.outputWeightOffset(), hidden);
    MatrixView dwOut = new MatrixView(wide, layout.outputWeightOffset(), hidden);
    MatrixView dbOut = new MatrixView(wide, layout.outputBiasOffset(), 1);
    for (int t = a.steps - 1; t >= 0; t--) {
      // a_{t+1} = Σ_{s>t} w_s ∇f(θ_s); ∂L/∂out = scale·a_{t+1}.
      float w = stepWeights == null ? 1f : stepWeights[t + 1];
      int g = (t + 1) * blocks.total();
      for (int b = b0; b < b0 + width; b++) {
        adjoint[b] += w * a.grads[g + b];
      }
      if (config.tanhOutput()) {
        // ∂u/∂out = scale·(1 − tanh²(out)), out recomputed from the stored h_top.
        Arrays.fill(a.output, b0, b0 + width, phi[layout.outputBiasOffset()]);
        kernels.gemm(wOutRow, 1, hidden, a.hidden(top, t + 1, k), dOut, true, width);
        for (int b = b0; b < b0 + width; b++) {
          float th = (float) StrictMath.tanh(a.output[b]);
          a.output[b] = outScale * adjoint[b] * (1 - th * th);
        }
      } else {
        for (int b = b0; b < b0 + width; b++) {
          a.output[b] = outScale * adjoint[b];
        }
      }
      // ∂L/∂(w, b) += ∂L/∂out · (h_top, 1); ∂L/∂h_top += w·∂L/∂out
      MatrixView hTop = a.hidden(top, t + 1, k);
      kernels.outerAccumulate(dOut, 1, hTop, hidden, dwOut, width);
      kernels.rowSumAccumulate(dOut, 1, dbOut, width);
      kernels.gemm(wOut, hidden, 1, dOut, dhk[top], true, width);
      for (int l = top; l >= 0; l--) {
        int cols = layout.columns(l);
        int inputs = config.inputSize(l);
        kernels.cellBackward(a.cell(l, t, k), dhk[l], dck[l], dzk, db[l], width);
        // ∂L/∂W += dz·[input ; h(t−1)]ᵀ over the two column ranges, where the forward pass read
        // them (one range for layer 0, whose buffer holds both).
        if (l == 0) {
          kernels.outerAccumulate(dzk, gateRows, a.input(t, k), cols, dw[l], width);
          if (config.inputUnits() > 0) {
            inputLayerBackward(dzk, t, k, width, wide);
          }
        } else {
          kernels.outerAccumulate(dzk, gateRows, a.hidden(l - 1, t + 1, k), inputs, dw[l], width);
          kernels.outerAccumulate(
              dzk, gateRows, a.hidden(l, t, k), hidden, dw[l].fromColumn(inputs), width);
          // ∂L/∂h_{l−1}(t) += W_xᵀ·dz
          kernels.gemm(inputWeightsT[l], inputs, gateRows, dzk, dhk[l - 1], true, width);
        }
        // ∂L/∂h_l(t−1) = W_hᵀ·dz
        kernels.gemm(recurrentWeightsT[l], hidden, gateRows, dzk, dhk[l], false, width);
      }
    }
  }

  /**
   * The input layer x = ELU(A·raw + a) at step t, block k, from layer 0's dz: ∂L/∂x = W_{0,x}ᵀ·dz,
   * through the ELU (derivative 1 where x &gt; 0, else eᶻ = x + 1, read from the stored x), into
   * ∂L/∂A += d·rawᵀ and ∂L/∂a += Σ d.
   */
  private void inputLayerBackward(MatrixView dzk, int t, int k, int width, float[] wide) {
    int units = config.inputUnits();
    MatrixView d = a.blocks.view(dx, 0, units, k);
    kernels.gemm(inputWeightsT[0], units, config.gateRows(), dzk, d, false, width);
    MatrixView x = a.input(t, k);
    float[] xs = x.array();
    for (int r = 0; r < units; r++) {
      int xi = x.index(r, 0);
      int di = d.index(r, 0);
      for (int b = 0; b < width; b++) {
        float v = xs[xi + b];
        dx[di + b] *= v > 0 ? 1f : v + 1f;
      }
    }
    int raw = layout.rawInputs();
    MatrixView dA = new MatrixView(wide, layout.inputWeightOffset(), raw);
    kernels.outerAccumulate(d, units, a.rawInput(t, k), raw, dA, width);
    kernels.rowSumAccumulate(d, units, new MatrixView(wide, layout.inputBiasOffset(), 1), width);
  }
}
