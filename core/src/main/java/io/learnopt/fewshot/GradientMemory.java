package io.learnopt.fewshot;

import io.learnopt.learned.LstmCell;
import io.learnopt.learned.LstmKernels;
import io.learnopt.lopt.UnrollShape;
import io.learnopt.optim.NamedArrays;
import io.learnopt.tensor.MatrixView;
import io.learnopt.tensor.Rng;
import java.util.Arrays;

/**
 * The gradient memory of {@code metalstm-v2}: a coordinatewise one-layer LSTM of H units (weights
 * shared by all coordinates, state per coordinate) that reads the preprocessed gradient and loss
 * and whose hidden state h_t takes the place of those features as the gates' input, so the gates
 * see a memory of past gradients, as momentum does. Its parameters are W [4H × (4 + H)] (row-major,
 * gate order i, f, g, o) then b [4H], at the start of the rule's φ.
 *
 * <p>It runs on the L2L optimizer's kernels ({@link LstmKernels}), feature-major over the
 * coordinates padded to {@link LstmKernels#LANES} (row stride P), in blocks of 256. BPTT: at each
 * step the gates send ∂L/∂h_t = w_I·∂L/∂z_i + w_F·∂L/∂z_f; the LSTM adds its recurrent part and
 * runs its cell backward. Its inputs are gradients and the loss, which are inputs of the rule, so
 * nothing flows back to θ through it.
 */
final class GradientMemory implements java.io.Serializable {
  /** Inputs per coordinate: gradient (log, sign) and loss (log, sign). */
  static final int INPUTS = MetaLstmInner.FEATURES;

  private static final int BLOCK = 256;

  private final int hidden;

  GradientMemory(int hidden) {
    if (hidden < 1) {
      throw new IllegalArgumentException("gradient memory needs at least one unit, got " + hidden);
    }
    this.hidden = hidden;
  }

  int hidden() {
    return hidden;
  }

  private int columns() {
    return INPUTS + hidden;
  }

  int biasOffset() {
    return 4 * hidden * columns();
  }

  int parameterCount() {
    return biasOffset() + 4 * hidden;
  }

  /** Weights U(±1/√H) (PyTorch's LSTM default), forget-gate biases 1, other biases 0. */
  void initialize(Rng rng, float[] phi) {
    float bound = (float) (1.0 / Math.sqrt(hidden));
    float[] w = new float[biasOffset()];
    rng.fillUniform(w, -bound, bound);
    System.arraycopy(w, 0, phi, 0, w.length);
    Arrays.fill(phi, biasOffset(), parameterCount(), 0f);
    Arrays.fill(phi, biasOffset() + hidden, biasOffset() + 2 * hidden, 1f);
  }

  /** One inner loop's activations over {@code n} coordinates and {@code steps} steps. */
  final class Store {
    private final LstmKernels kernels = LstmKernels.get();
    private final int n;
    private final int stride;
    private final int steps;
    private final float[] in;
    private final float[] gates;
    private final float[] cells;
    private float[] dh;
    private float[] dc;
    private float[] dz;
    private float[] transposed;
    private float[] wide;

    Store(int n, int steps) {
      this.n = n;
      this.stride = LstmKernels.padded(n);
      this.steps = steps;
      long size = (long) (steps + 1) * columns() * stride + (long) steps * 4 * hidden * stride;
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            n + " coordinates × " + steps + " steps are too many for the gradient memory");
      }
      in = new float[(steps + 1) * columns() * stride];
      gates = new float[steps * 4 * hidden * stride];
      cells = new float[(steps + 1) * hidden * stride];
    }

    /** The row stride of {@link #hiddenOffset}'s rows. */
    int stride() {
      return stride;
    }

    /** The array holding h_t. */
    float[] hiddenArray() {
      return in;
    }

    /** Where h_t (step t, 0-based) starts: H rows of {@link #stride()} floats. */
    int hiddenOffset(int t) {
      return ((t + 1) * columns() + INPUTS) * stride;
    }

    /** Zero state, as at the start of every inner loop. */
    void reset() {
      Arrays.fill(in, INPUTS * stride, columns() * stride, 0f);
      Arrays.fill(cells, 0, hidden * stride, 0f);
    }

    /** Step t: reads the gradient and each task's loss, computes h_t. */
    void forward(float[] phi, int t, float[] grad, UnrollShape shape, float[] losses) {
      int slot = t * columns() * stride;
      MetaLstmInner.writeFeatures(grad, shape, losses, in, slot, stride);
      int gOff = t * 4 * hidden * stride;
      for (int b0 = 0; b0 < stride; b0 += BLOCK) {
        int width = Math.min(BLOCK, stride - b0);
        LstmCell cell = cell(gOff, t, b0);
        kernels.gemmBias(
            new MatrixView(phi, 0, columns()),
            4 * hidden,
            columns(),
            new MatrixView(phi, biasOffset(), 1),
            view(in, slot, b0),
            cell.gates(),
            width);
        kernels.cellForward(cell, view(in, hiddenOffset(t), b0), width);
      }
    }

    /** The state after the last step becomes the initial state (truncated BPTT). */
    void carryOver() {
      System.arraycopy(in, hiddenOffset(steps - 1), in, INPUTS * stride, hidden * stride);
      System.arraycopy(cells, steps * hidden * stride, cells, 0, hidden * stride);
    }

    /** Saves the initial state of the next step (h and c, after {@link #carryOver}). */
    void saveCarried(NamedArrays out) {
      out.putArray("h", Arrays.copyOfRange(in, INPUTS * stride, (INPUTS + hidden) * stride));
      out.putArray("c", Arrays.copyOfRange(cells, 0, hidden * stride));
    }

    /** Restores what {@link #saveCarried} wrote. */
    void restoreCarried(NamedArrays in) {
      System.arraycopy(
          in.array("h", hidden * stride), 0, this.in, INPUTS * stride, hidden * stride);
      System.arraycopy(in.array("c", hidden * stride), 0, cells, 0, hidden * stride);
    }

    /** Floats held. */
    long floats() {
      return (long) in.length + gates.length + cells.length;
    }

    /** Rows of {@link #stride()} floats from {@code offset}, from column {@code b0}. */
    private MatrixView view(float[] array, int offset, int b0) {
      return new MatrixView(array, offset + b0, stride);
    }

    /** The cell of step t from column {@code b0}, its gates at {@code gOff}. */
    private LstmCell cell(int gOff, int t, int b0) {
      return new LstmCell(
          view(gates, gOff, b0),
          view(cells, t * hidden * stride, b0),
          view(cells, (t + 1) * hidden * stride, b0),
          hidden);
    }

    /** Clears the carried adjoints before a backward pass. */
    void startBackward(float[] phi) {
      if (dh == null) {
        dh = new float[hidden * stride];
        dc = new float[hidden * stride];
        dz = new float[4 * hidden * stride];
        transposed = new float[4 * hidden * columns()];
        wide = new float[parameterCount() * kernels.accumulatorLanes()];
      }
      Arrays.fill(dh, 0f);
      Arrays.fill(dc, 0f);
      int rows = 4 * hidden;
      for (int j = 0; j < rows; j++) {
        for (int k = 0; k < columns(); k++) {
          transposed[k * rows + j] = phi[j * columns() + k];
        }
      }
    }

    /**
     * Step t of BPTT: adds the gates' ∂L/∂h_t = wI[k]·dzi + wF[k]·dzf (weights at {@code phi[wI +
     * k]}, {@code phi[wF + k]}) to the carried recurrent part, then backpropagates the cell into
     * the weight accumulators and carries ∂L/∂h_{t−1}.
     */
    void backwardStep(int t, float[] phi, float[] dzi, int wI, float[] dzf, int wF) {
      for (int k = 0; k < hidden; k++) {
        float a = phi[wI + k];
        float c = phi[wF + k];
        int row = k * stride;
        for (int b = 0; b < n; b++) {
          dh[row + b] += a * dzi[b] + c * dzf[b];
        }
      }
      int rows = 4 * hidden;
      int slot = t * columns() * stride;
      for (int b0 = 0; b0 < stride; b0 += BLOCK) {
        int width = Math.min(BLOCK, stride - b0);
        MatrixView dzb = view(dz, 0, b0);
        kernels.cellBackward(
            cell(t * rows * stride, t, b0),
            view(dh, 0, b0),
            view(dc, 0, b0),
            dzb,
            new MatrixView(wide, biasOffset(), 1),
            width);
        kernels.outerAccumulate(
            dzb, rows, view(in, slot, b0), columns(), new MatrixView(wide, 0, columns()), width);
        kernels.gemm(
            new MatrixView(transposed, INPUTS * rows, rows),
            hidden,
            rows,
            dzb,
            view(dh, 0, b0),
            false,
            width);
      }
    }

    /** Adds the accumulated ∂L/∂(W, b) into {@code dphi[0 ..)}. */
    void finishBackward(float[] dphi) {
      float[] sums = new float[parameterCount()];
      kernels.reduceAccumulators(wide, sums);
      for (int i = 0; i < sums.length; i++) {
        dphi[i] += sums[i];
      }
    }
  }
}
