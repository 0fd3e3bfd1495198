package io.learnopt.learned;

import io.learnopt.tensor.MatrixView;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The activations of a coordinatewise LSTM optimizer over T steps of N coordinates, kept for
 * truncated backpropagation through time, and the forward and backward passes over them.
 *
 * <p>All buffers are allocated once. Coordinates are processed in blocks that stay in L2: every
 * layer of one step for one block before the next block (forward), and every step of one block
 * before the next block in the backward pass, which needs nothing from other coordinates. The
 * buffers are block-major to match: a buffer with R rows per slot keeps, for each slot and block,
 * one contiguous chunk of R rows × {@code blockStride} coordinates (feature-major inside the
 * chunk). A block's step is then a few contiguous streams, which the hardware prefetcher follows,
 * instead of R rows a whole coordinate count apart (at 10⁵ coordinates a row-major layout made the
 * backward pass wait on memory for a third of its time). Slot s of layer 0's input buffer holds
 * [x(s) ; h⁰(s−1)], the preprocessed gradient and the recurrent state; slot s of a higher layer's
 * holds only h_l(s−1), and its GEMM reads h_{l−1}(s) from the layer below's buffer. Slot 0 holds
 * the state carried in from the previous unroll. Nothing is stored twice and tanh(c) is not stored
 * at all (the backward pass recomputes it): at 10⁵ coordinates the forward pass writes every byte
 * it stores to fresh memory and the backward pass reads it back, so stored bytes are time. Rows of
 * one coordinate each (gradients, output) are plain arrays over the coordinates.
 *
 * <p>Meta-gradient (Andrychowicz et al. 2016, §2; DESIGN.md §3): with the optimizee gradient
 * treated as an input (∂∇f/∂φ = 0), L = Σ_{t=1..T} w_t f(θ_t) and θ_{t+1} = θ_t + u_t give ∂L/∂u_t
 * = Σ_{s=t+1..T} w_s ∇f(θ_s), a suffix sum of gradients already computed in the forward pass, which
 * then drives BPTT through the LSTM.
 */
public final class LstmTrajectory implements BpttTrajectory {
  /** Coordinates per block: 256 × 80 gate rows × 4 bytes = 80 KB of pre-activations. */
  static final int BLOCK = 256;

  private final LstmParameters layout;
  private final LstmOptimizerConfig config;
  private final LstmKernels kernels;
  private final int coordinates;

  /** Coordinates padded to {@link LstmKernels#LANES}: the coordinates the kernels compute. */
  private final int padded;

  /** Coordinates per block chunk: the row stride the kernels see. */
  private final int blockStride;

  private final int blockCount;

  /** {@code blockCount × blockStride}: the length of a one-row slot. */
  private final int total;

  private final int steps;
  private final int hidden;
  private final int layers;
  private final float[][] in;

  private final float[][] gates;
  private final float[][] cells;
  private final float[] grads;
  private final float[] output;
  // Backward-only scratch, allocated on first use.
  private float[][] dh;
  private float[][] dc;
  private float[] dz;
  private float[] adjoint;
  private float[][] transposed;
  private float[][] accumulators;
  private ForkJoinPool pool;

  /** Buffers for {@code steps} steps over {@code coordinates} coordinates. */
  public LstmTrajectory(LstmParameters layout, int coordinates, int steps) {
    this(layout, coordinates, steps, LstmKernels.get());
  }

  /** As above, with the given kernels (tests pass the scalar reference). */
  public LstmTrajectory(LstmParameters layout, int coordinates, int steps, LstmKernels kernels) {
    if (coordinates < 1 || steps < 1) {
      throw new IllegalArgumentException(
          "need at least one coordinate and one step, got " + coordinates + " and " + steps);
    }
    this.layout = layout;
    this.config = layout.config();
    this.kernels = kernels;
    this.coordinates = coordinates;
    this.padded = LstmKernels.padded(coordinates);
    this.blockStride = blockStride(padded);
    this.blockCount = blocks(padded);
    this.total = blockCount * blockStride;
    this.steps = steps;
    this.hidden = config.hidden();
    this.layers = config.layers();
    in = new float[layers][];
    gates = new float[layers][];
    cells = new float[layers][];
    long perLayer = (long) total * (steps + 1);
    if (perLayer * (4 * hidden + hidden + layout.columns(0)) * layers > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          coordinates + " coordinates × " + steps + " steps do not fit in memory buffers");
    }
    for (int l = 0; l < layers; l++) {
      in[l] = new float[(steps + 1) * inputRows(l) * total];
      gates[l] = new float[steps * config.gateRows() * total];
      cells[l] = new float[(steps + 1) * hidden * total];
    }
    grads = new float[(steps + 1) * total];
    output = new float[total];
  }

  /** The chunk width for {@code padded} coordinates: one block, or several of {@link #BLOCK}. */
  static int blockStride(int padded) {
    return Math.min(BLOCK, padded);
  }

  /**
   * Rows per slot of layer l's input buffer. Layer 0 keeps [input; h⁰]; a layer above keeps only
   * its own h, and reads its input, the h of the layer below, where that layer keeps it (a copy was
   * 20 of the 262 floats stored per coordinate and step, and ~5% of the time at 10⁵).
   */
  static int inputRows(LstmOptimizerConfig config, int l) {
    return l == 0 ? config.inputSize(0) + config.hidden() : config.hidden();
  }

  private int inputRows(int l) {
    return inputRows(config, l);
  }

  /** Where h_l(slot − 1) starts for block k: its rows of layer l's input buffer. */
  private int hiddenAt(int l, int slot, int k) {
    return chunk(slot, inputRows(l), k) + (l == 0 ? config.inputSize(0) * blockStride : 0);
  }

  /** Where block k's chunk of slot {@code slot} starts, in a buffer with {@code rows} rows. */
  private int chunk(int slot, int rows, int k) {
    return (slot * blockCount + k) * rows * blockStride;
  }

  /** Computed coordinates in block k (the last block may be narrower). */
  private int width(int k) {
    return Math.min(blockStride, padded - k * blockStride);
  }

  /** Number of real (unpadded) coordinates. */
  @Override
  public int coordinates() {
    return coordinates;
  }

  /** Number of steps the buffers hold. */
  @Override
  public int steps() {
    return steps;
  }

  /** Bytes held by the activation buffers (what BPTT costs in memory). */
  @Override
  public long activationBytes() {
    return storedBytes(layout, coordinates, steps);
  }

  /**
   * Bytes the activation buffers of a store for {@code coordinates} × {@code steps} take, without
   * allocating them (the per-layer input, gate and cell slots, the gradients, the output).
   */
  public static long storedBytes(LstmParameters layout, int coordinates, int steps) {
    LstmOptimizerConfig c = layout.config();
    int padded = LstmKernels.padded(coordinates);
    long stride = (long) blocks(padded) * blockStride(padded);
    long floats = (steps + 2L) * stride;
    for (int l = 0; l < c.layers(); l++) {
      floats += (steps + 1L) * (inputRows(c, l) + c.hidden()) * stride;
      floats += (long) steps * c.gateRows() * stride;
    }
    return 4 * floats;
  }

  /** Zeroes the carried hidden and cell state (the start of a new task). */
  @Override
  public void resetState() {
    for (int l = 0; l < layers; l++) {
      for (int k = 0; k < blockCount; k++) {
        int h = hiddenAt(l, 0, k);
        Arrays.fill(in[l], h, h + hidden * blockStride, 0f);
      }
      Arrays.fill(cells[l], 0, hidden * total, 0f);
    }
  }

  /** Moves the state after the last step into slot 0, so the next unroll continues from it. */
  @Override
  public void carryOver() {
    carryOver(steps);
  }

  /**
   * Copies the state in slot 0 into {@code dst} (feature-major, row stride {@link
   * LstmKernels#padded}(N)): per layer, its H hidden rows, then its H cell rows.
   */
  void saveState(float[] dst) {
    copyState(dst, padded, 0, true);
  }

  /**
   * Sets the state in slot 0 to columns [b0, b0 + N) of a state saved by {@link #saveState} from a
   * store with row stride {@code srcStride}.
   */
  void loadState(float[] src, int srcStride, int b0) {
    copyState(src, srcStride, b0, false);
  }

  /**
   * Copies slot 0's state to ({@code save}) or from a feature-major array {@code state}, row stride
   * {@code rowStride}, columns [b0, b0 + padded).
   */
  private void copyState(float[] state, int rowStride, int b0, boolean save) {
    for (int l = 0; l < layers; l++) {
      for (int k = 0; k < blockCount; k++) {
        int h = hiddenAt(l, 0, k);
        int c = chunk(0, hidden, k);
        for (int j = 0; j < hidden; j++) {
          int row = (2 * l * hidden + j) * rowStride + b0 + k * blockStride;
          copy(save, state, row, in[l], h + j * blockStride, width(k));
          copy(save, state, row + hidden * rowStride, cells[l], c + j * blockStride, width(k));
        }
      }
    }
  }

  /** Copies {@code n} floats from {@code ours} to {@code theirs} if {@code save}, else back. */
  private static void copy(
      boolean save, float[] theirs, int theirOff, float[] ours, int ourOff, int n) {
    if (save) {
      System.arraycopy(ours, ourOff, theirs, theirOff, n);
    } else {
      System.arraycopy(theirs, theirOff, ours, ourOff, n);
    }
  }

  /** Moves the state after step {@code t−1} (slot t) into slot 0. */
  public void carryOver(int slot) {
    for (int k = 0; k < blockCount; k++) {
      carryOver(slot, k);
    }
  }

  /** Moves the state in slot {@code slot} into slot 0 for block k. */
  private void carryOver(int slot, int k) {
    int rows = hidden * blockStride;
    for (int l = 0; l < layers; l++) {
      // A block's hidden rows are one contiguous run of its chunk, as are its cell rows.
      System.arraycopy(in[l], hiddenAt(l, slot, k), in[l], hiddenAt(l, 0, k), rows);
      System.arraycopy(cells[l], chunk(slot, hidden, k), cells[l], chunk(0, hidden, k), rows);
    }
  }

  /**
   * Step t: reads gradient {@code grad} (∇f(θ_t), length N), writes the update u_t into {@code
   * update} (length ≥ N) and keeps what BPTT needs.
   */
  @Override
  public void forwardStep(float[] phi, int t, float[] grad, float[] update) {
    forwardStep(phi, t, grad, update, false);
  }

  /**
   * One step of a one-step store that starts from slot 0 and leaves the new state in slot 0, as
   * {@link #forwardStep} followed by {@link #carryOver(int) carryOver(1)} would, but copying each
   * block's state while it is still in cache, on the thread that computed it: what an optimizer
   * step needs (it keeps no history).
   */
  void stepAndCarry(float[] phi, float[] grad, float[] update) {
    if (steps != 1) {
      throw new IllegalStateException("stepAndCarry needs a one-step store, this has " + steps);
    }
    forwardStep(phi, 0, grad, update, true);
  }

  private void forwardStep(float[] phi, int t, float[] grad, float[] update, boolean carry) {
    if (t < 0 || t >= steps) {
      throw new IllegalArgumentException("step " + t + " outside 0.." + (steps - 1));
    }
    System.arraycopy(grad, 0, grads, t * total, coordinates);
    int blocks = blockCount;
    if (pool == null || blocks < 2) {
      for (int k = 0; k < blocks; k++) {
        forwardBlock(phi, t, k, carry);
      }
    } else {
      // Blocks touch disjoint columns of every buffer, so they need no synchronisation.
      pool.submit(
              () ->
                  IntStream.range(0, blocks)
                      .parallel()
                      .forEach(k -> forwardBlock(phi, t, k, carry)))
          .join();
    }
    float scale = config.outputScale();
    for (int b = 0; b < coordinates; b++) {
      update[b] = scale * output[b];
    }
  }

  private void forwardBlock(float[] phi, int t, int k, boolean carry) {
    int gateRows = config.gateRows();
    int b0 = k * blockStride;
    int width = width(k);
    int bs = blockStride;
    // The inputs of this block (real coordinates only; padding keeps zero inputs).
    config
        .preprocessing()
        .apply(
            grads,
            t * total + b0,
            Math.max(0, Math.min(width, coordinates - b0)),
            config.p(),
            in[0],
            chunk(t, inputRows(0), k),
            bs);
    for (int l = 0; l < layers; l++) {
      int gOff = chunk(t, gateRows, k);
      float[] g = gates[l];
      MatrixView z = new MatrixView(g, gOff, bs);
      MatrixView w = new MatrixView(phi, layout.weightOffset(l), layout.columns(l));
      if (l == 0) {
        kernels.gemmBias(
            w,
            gateRows,
            layout.columns(0),
            phi,
            layout.biasOffset(0),
            new MatrixView(in[0], chunk(t, inputRows(0), k), bs),
            z,
            width);
      } else {
        // W·[h_{l−1}(t); h_l(t−1)] as two products over W's two column ranges, in the order of
        // one: the same bits.
        int inputs = config.inputSize(l);
        kernels.gemmBias(
            w,
            gateRows,
            inputs,
            phi,
            layout.biasOffset(l),
            new MatrixView(in[l - 1], hiddenAt(l - 1, t + 1, k), bs),
            z,
            width);
        kernels.gemm(
            w.fromColumn(inputs),
            gateRows,
            hidden,
            new MatrixView(in[l], hiddenAt(l, t, k), bs),
            z,
            true,
            width);
      }
      kernels.cellForward(
          z,
          new MatrixView(cells[l], chunk(t, hidden, k), bs),
          new MatrixView(cells[l], chunk(t + 1, hidden, k), bs),
          new MatrixView(in[l], hiddenAt(l, t + 1, k), bs),
          hidden,
          width);
    }
    int top = layers - 1;
    Arrays.fill(output, b0, b0 + width, phi[layout.outputBiasOffset()]);
    kernels.gemm(
        new MatrixView(phi, layout.outputWeightOffset(), hidden),
        1,
        hidden,
        new MatrixView(in[top], hiddenAt(top, t + 1, k), bs),
        new MatrixView(output, b0, bs),
        true,
        width);
    if (carry) {
      carryOver(1, k);
    }
  }

  /** Records ∇f(θ_T), the gradient after the last step, needed by the backward pass. */
  @Override
  public void setFinalGradient(float[] grad) {
    System.arraycopy(grad, 0, grads, steps * total, coordinates);
  }

  /**
   * Accumulates ∂L/∂φ into {@code dphi} for L = lossScale·Σ_{t=1..T} w_t f(θ_t), after {@code
   * steps} forward steps and {@link #setFinalGradient}. {@code stepWeights[t]} is w_t (index 0
   * unused); null means all ones.
   */
  @Override
  public void backward(float[] phi, float[] stepWeights, float lossScale, float[] dphi) {
    int blocks = blockCount;
    int workers = workers(pool, blocks);
    if (accumulators == null || accumulators.length != workers) {
      accumulators = new float[workers][layout.size() * kernels.accumulatorLanes()];
    }
    if (workers == 1) {
      backwardInto(phi, stepWeights, lossScale, accumulators[0]);
      kernels.reduceAccumulators(accumulators[0], dphi);
      return;
    }
    allocateBackward();
    transposeWeights(phi);
    forEachWorker(
        pool,
        workers,
        blocks,
        (w, first, end) -> {
          for (int k = first; k < end; k++) {
            backwardBlock(phi, stepWeights, lossScale, accumulators[w], k);
          }
        });
    for (float[] wide : accumulators) {
      kernels.reduceAccumulators(wide, dphi);
    }
  }

  /** Blocks of {@link #BLOCK} coordinates (or one narrower block) in a padded width. */
  static int blocks(int padded) {
    return (padded + BLOCK - 1) / BLOCK;
  }

  /** Workers for {@code blocks} blocks on {@code pool} (null: one, the calling thread). */
  static int workers(ForkJoinPool pool, int blocks) {
    return pool == null ? 1 : Math.min(pool.getParallelism(), blocks);
  }

  /** What one worker does with its blocks [first, end). */
  interface WorkerBlocks {
    void run(int worker, int first, int end);
  }

  /**
   * Runs {@code body} for each worker's contiguous range of blocks, on {@code pool} when there is
   * more than one worker. Both stores partition this way, so their sums are added in the same order
   * whatever the scheduling.
   */
  static void forEachWorker(ForkJoinPool pool, int workers, int blocks, WorkerBlocks body) {
    if (workers == 1) {
      body.run(0, 0, blocks);
      return;
    }
    pool.submit(
            () ->
                IntStream.range(0, workers)
                    .parallel()
                    .forEach(w -> body.run(w, w * blocks / workers, (w + 1) * blocks / workers)))
        .join();
  }

  /**
   * The backward pass of every block on the calling thread, into lane-wide accumulators ({@link
   * LstmKernels#outerAccumulate}) that the caller reduces: what {@link RecomputingTrajectory} runs
   * per recomputed block, so both stores sum in the same order.
   */
  void backwardInto(float[] phi, float[] stepWeights, float lossScale, float[] wide) {
    allocateBackward();
    transposeWeights(phi);
    for (int k = 0; k < blockCount; k++) {
      backwardBlock(phi, stepWeights, lossScale, wide, k);
    }
  }

  /** The kernels this store runs. */
  LstmKernels kernels() {
    return kernels;
  }

  /**
   * Runs the coordinate blocks of each step on {@code pool} (null: on the calling thread). Worth it
   * for one large optimizee; many small tasks are better parallelised across tasks.
   */
  @Override
  public void setPool(ForkJoinPool pool) {
    this.pool = pool;
  }

  /** BPTT through every step of block k, ∂L/∂φ into lane-wide accumulators {@code dphi}. */
  private void backwardBlock(
      float[] phi, float[] stepWeights, float lossScale, float[] dphi, int k) {
    int gateRows = config.gateRows();
    int top = layers - 1;
    int bs = blockStride;
    int b0 = k * bs;
    int width = width(k);
    int state = chunk(0, hidden, k);
    MatrixView dzk = new MatrixView(dz, chunk(0, gateRows, k), bs);
    MatrixView dOut = new MatrixView(output, b0, bs);
    for (int l = 0; l < layers; l++) {
      Arrays.fill(dh[l], state, state + hidden * bs, 0f);
      Arrays.fill(dc[l], state, state + hidden * bs, 0f);
    }
    Arrays.fill(adjoint, b0, b0 + width, 0f);
    float outScale = config.outputScale() * lossScale;
    for (int t = steps - 1; t >= 0; t--) {
      // a_{t+1} = Σ_{s>t} w_s ∇f(θ_s); ∂L/∂(w·h+b) = scale·a_{t+1}.
      float w = stepWeights == null ? 1f : stepWeights[t + 1];
      int g = (t + 1) * total;
      for (int b = b0; b < b0 + width; b++) {
        adjoint[b] += w * grads[g + b];
        output[b] = outScale * adjoint[b];
      }
      MatrixView hTop = new MatrixView(in[top], hiddenAt(top, t + 1, k), bs);
      kernels.outerAccumulate(
          dOut, 1, hTop, hidden, new MatrixView(dphi, layout.outputWeightOffset(), hidden), width);
      kernels.rowSumAccumulate(dOut, 1, dphi, layout.outputBiasOffset(), width);
      kernels.gemm(
          new MatrixView(phi, layout.outputWeightOffset(), 1),
          hidden,
          1,
          dOut,
          new MatrixView(dh[top], state, bs),
          true,
          width);
      for (int l = top; l >= 0; l--) {
        int cols = layout.columns(l);
        int inputs = config.inputSize(l);
        kernels.cellBackward(
            new MatrixView(gates[l], chunk(t, gateRows, k), bs),
            new MatrixView(cells[l], chunk(t, hidden, k), bs),
            new MatrixView(cells[l], chunk(t + 1, hidden, k), bs),
            new MatrixView(dh[l], state, bs),
            new MatrixView(dc[l], state, bs),
            dzk,
            dphi,
            layout.biasOffset(l),
            hidden,
            width);
        MatrixView dw = new MatrixView(dphi, layout.weightOffset(l), cols);
        if (l == 0) {
          kernels.outerAccumulate(
              dzk, gateRows, new MatrixView(in[0], chunk(t, inputRows(0), k), bs), cols, dw, width);
        } else {
          // The two column ranges of the layer's input, where the forward pass read them.
          kernels.outerAccumulate(
              dzk,
              gateRows,
              new MatrixView(in[l - 1], hiddenAt(l - 1, t + 1, k), bs),
              inputs,
              dw,
              width);
          kernels.outerAccumulate(
              dzk,
              gateRows,
              new MatrixView(in[l], hiddenAt(l, t, k), bs),
              hidden,
              dw.fromColumn(inputs),
              width);
        }
        if (l > 0) {
          kernels.gemm(
              new MatrixView(transposed[l], 0, gateRows),
              inputs,
              gateRows,
              dzk,
              new MatrixView(dh[l - 1], state, bs),
              true,
              width);
        }
        kernels.gemm(
            new MatrixView(transposed[l], inputs * gateRows, gateRows),
            hidden,
            gateRows,
            dzk,
            new MatrixView(dh[l], state, bs),
            false,
            width);
      }
    }
  }

  private void allocateBackward() {
    if (dz != null) {
      return;
    }
    dh = new float[layers][hidden * total];
    dc = new float[layers][hidden * total];
    dz = new float[config.gateRows() * total];
    adjoint = new float[total];
    transposed = new float[layers][];
    for (int l = 0; l < layers; l++) {
      transposed[l] = new float[config.gateRows() * layout.columns(l)];
    }
  }

  private void transposeWeights(float[] phi) {
    int gateRows = config.gateRows();
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
}
