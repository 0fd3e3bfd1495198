package io.learnopt.learned;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The activations of a coordinatewise LSTM optimizer over T steps of N coordinates, kept for
 * truncated backpropagation through time, and the forward and backward passes over them.
 *
 * <p>All buffers are allocated once, feature-major with row stride N (padded to {@link
 * LstmKernels#LANES}). Slot s of layer l's input buffer holds [input_l(s) ; h_l(s−1)], so each
 * layer's GEMM reads one contiguous block of rows; slot 0 holds the state carried in from the
 * previous unroll. Coordinates are processed in blocks that stay in L2: every layer of one step for
 * one block before the next block (forward), and every step of one block before the next block in
 * the backward pass, which needs nothing from other coordinates.
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
  private final int stride;
  private final int steps;
  private final int hidden;
  private final int layers;
  private final float[][] in;
  private final float[][] gates;
  private final float[][] cells;
  private final float[][] tanhCells;
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
    this.stride = LstmKernels.padded(coordinates);
    this.steps = steps;
    this.hidden = config.hidden();
    this.layers = config.layers();
    in = new float[layers][];
    gates = new float[layers][];
    cells = new float[layers][];
    tanhCells = new float[layers][];
    long perLayer = (long) stride * steps;
    if (perLayer * (4 * hidden + 2 * hidden + layout.columns(0)) * layers > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          coordinates + " coordinates × " + steps + " steps do not fit in memory buffers");
    }
    for (int l = 0; l < layers; l++) {
      in[l] = new float[(steps + 1) * layout.columns(l) * stride];
      gates[l] = new float[steps * config.gateRows() * stride];
      cells[l] = new float[(steps + 1) * hidden * stride];
      tanhCells[l] = new float[steps * hidden * stride];
    }
    grads = new float[(steps + 1) * stride];
    output = new float[stride];
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
   * allocating them (the per-layer input, gate, cell and tanh-cell slots, the gradients, the
   * output).
   */
  public static long storedBytes(LstmParameters layout, int coordinates, int steps) {
    LstmOptimizerConfig c = layout.config();
    long stride = LstmKernels.padded(coordinates);
    long floats = (steps + 2L) * stride;
    for (int l = 0; l < c.layers(); l++) {
      floats += (steps + 1L) * (layout.columns(l) + c.hidden()) * stride;
      floats += (long) steps * (c.gateRows() + c.hidden()) * stride;
    }
    return 4 * floats;
  }

  /** Zeroes the carried hidden and cell state (the start of a new task). */
  @Override
  public void resetState() {
    for (int l = 0; l < layers; l++) {
      Arrays.fill(in[l], config.inputSize(l) * stride, layout.columns(l) * stride, 0f);
      Arrays.fill(cells[l], 0, hidden * stride, 0f);
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
    int rows = hidden * stride;
    for (int l = 0; l < layers; l++) {
      System.arraycopy(in[l], config.inputSize(l) * stride, dst, 2 * l * rows, rows);
      System.arraycopy(cells[l], 0, dst, (2 * l + 1) * rows, rows);
    }
  }

  /**
   * Sets the state in slot 0 to columns [b0, b0 + N) of a state saved by {@link #saveState} from a
   * store with row stride {@code srcStride}.
   */
  void loadState(float[] src, int srcStride, int b0) {
    for (int l = 0; l < layers; l++) {
      int h = config.inputSize(l) * stride;
      for (int j = 0; j < hidden; j++) {
        int row = (2 * l * hidden + j) * srcStride + b0;
        System.arraycopy(src, row, in[l], h + j * stride, stride);
        System.arraycopy(src, row + hidden * srcStride, cells[l], j * stride, stride);
      }
    }
  }

  /** Moves the state after step {@code t−1} (slot t) into slot 0. */
  public void carryOver(int slot) {
    carryOver(slot, 0, stride);
  }

  /** Moves the state in slot {@code slot} into slot 0 for coordinates [b0, b0 + width). */
  private void carryOver(int slot, int b0, int width) {
    for (int l = 0; l < layers; l++) {
      int rows = layout.columns(l);
      int inputRows = config.inputSize(l);
      for (int j = 0; j < hidden; j++) {
        System.arraycopy(
            in[l],
            (slot * rows + inputRows + j) * stride + b0,
            in[l],
            (inputRows + j) * stride + b0,
            width);
        System.arraycopy(
            cells[l], (slot * hidden + j) * stride + b0, cells[l], j * stride + b0, width);
      }
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
    System.arraycopy(grad, 0, grads, t * stride, coordinates);
    int blocks = blocks(stride);
    if (pool == null || blocks < 2) {
      for (int b0 = 0; b0 < stride; b0 += BLOCK) {
        forwardBlock(phi, t, b0, Math.min(BLOCK, stride - b0), carry);
      }
    } else {
      // Blocks touch disjoint columns of every buffer, so they need no synchronisation.
      pool.submit(
              () ->
                  IntStream.range(0, blocks)
                      .parallel()
                      .forEach(
                          k ->
                              forwardBlock(
                                  phi, t, k * BLOCK, Math.min(BLOCK, stride - k * BLOCK), carry)))
          .join();
    }
    float scale = config.outputScale();
    for (int b = 0; b < coordinates; b++) {
      update[b] = scale * output[b];
    }
  }

  private void forwardBlock(float[] phi, int t, int b0, int width, boolean carry) {
    int gateRows = config.gateRows();
    // The inputs of this block (real coordinates only; padding keeps zero inputs).
    config
        .preprocessing()
        .apply(
            grads,
            t * stride + b0,
            Math.max(0, Math.min(width, coordinates - b0)),
            config.p(),
            in[0],
            t * layout.columns(0) * stride + b0,
            stride);
    for (int l = 0; l < layers; l++) {
      int cols = layout.columns(l);
      int gOff = t * gateRows * stride;
      float[] g = gates[l];
      int bias = layout.biasOffset(l);
      for (int j = 0; j < gateRows; j++) {
        int row = gOff + j * stride + b0;
        Arrays.fill(g, row, row + width, phi[bias + j]);
      }
      kernels.gemm(
          phi,
          layout.weightOffset(l),
          gateRows,
          cols,
          in[l],
          t * cols * stride,
          g,
          gOff,
          true,
          stride,
          b0,
          width);
      int hOff = ((t + 1) * cols + config.inputSize(l)) * stride;
      kernels.cellForward(
          g,
          gOff,
          cells[l],
          t * hidden * stride,
          (t + 1) * hidden * stride,
          tanhCells[l],
          t * hidden * stride,
          in[l],
          hOff,
          hidden,
          stride,
          b0,
          width);
      if (l + 1 < layers) {
        int nextOff = t * layout.columns(l + 1) * stride;
        for (int j = 0; j < hidden; j++) {
          System.arraycopy(
              in[l], hOff + j * stride + b0, in[l + 1], nextOff + j * stride + b0, width);
        }
      }
    }
    int top = layers - 1;
    Arrays.fill(output, b0, b0 + width, phi[layout.outputBiasOffset()]);
    kernels.gemm(
        phi,
        layout.outputWeightOffset(),
        1,
        hidden,
        in[top],
        ((t + 1) * layout.columns(top) + config.inputSize(top)) * stride,
        output,
        0,
        true,
        stride,
        b0,
        width);
    if (carry) {
      carryOver(1, b0, width);
    }
  }

  /** Records ∇f(θ_T), the gradient after the last step, needed by the backward pass. */
  @Override
  public void setFinalGradient(float[] grad) {
    System.arraycopy(grad, 0, grads, steps * stride, coordinates);
  }

  /**
   * Accumulates ∂L/∂φ into {@code dphi} for L = lossScale·Σ_{t=1..T} w_t f(θ_t), after {@code
   * steps} forward steps and {@link #setFinalGradient}. {@code stepWeights[t]} is w_t (index 0
   * unused); null means all ones.
   */
  @Override
  public void backward(float[] phi, float[] stepWeights, float lossScale, float[] dphi) {
    int blocks = blocks(stride);
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
            backwardBlock(
                phi,
                stepWeights,
                lossScale,
                accumulators[w],
                k * BLOCK,
                Math.min(BLOCK, stride - k * BLOCK));
          }
        });
    for (float[] wide : accumulators) {
      kernels.reduceAccumulators(wide, dphi);
    }
  }

  /** Blocks of {@link #BLOCK} coordinates in a padded width {@code stride}. */
  static int blocks(int stride) {
    return (stride + BLOCK - 1) / BLOCK;
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
    for (int b0 = 0; b0 < stride; b0 += BLOCK) {
      backwardBlock(phi, stepWeights, lossScale, wide, b0, Math.min(BLOCK, stride - b0));
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

  /** BPTT through every step of one block, ∂L/∂φ into lane-wide accumulators {@code dphi}. */
  private void backwardBlock(
      float[] phi, float[] stepWeights, float lossScale, float[] dphi, int b0, int width) {
    int gateRows = config.gateRows();
    int top = layers - 1;
    for (int l = 0; l < layers; l++) {
      for (int j = 0; j < hidden; j++) {
        Arrays.fill(dh[l], j * stride + b0, j * stride + b0 + width, 0f);
        Arrays.fill(dc[l], j * stride + b0, j * stride + b0 + width, 0f);
      }
    }
    Arrays.fill(adjoint, b0, b0 + width, 0f);
    float outScale = config.outputScale() * lossScale;
    for (int t = steps - 1; t >= 0; t--) {
      // a_{t+1} = Σ_{s>t} w_s ∇f(θ_s); ∂L/∂(w·h+b) = scale·a_{t+1}.
      float w = stepWeights == null ? 1f : stepWeights[t + 1];
      int g = (t + 1) * stride;
      for (int b = b0; b < b0 + width; b++) {
        adjoint[b] += w * grads[g + b];
        output[b] = outScale * adjoint[b];
      }
      int topCols = layout.columns(top);
      int hTop = ((t + 1) * topCols + config.inputSize(top)) * stride;
      kernels.outerAccumulate(
          output,
          0,
          1,
          in[top],
          hTop,
          hidden,
          dphi,
          layout.outputWeightOffset(),
          stride,
          b0,
          width);
      kernels.rowSumAccumulate(output, 0, 1, dphi, layout.outputBiasOffset(), stride, b0, width);
      kernels.gemm(
          phi,
          layout.outputWeightOffset(),
          hidden,
          1,
          output,
          0,
          dh[top],
          0,
          true,
          stride,
          b0,
          width);
      for (int l = top; l >= 0; l--) {
        int cols = layout.columns(l);
        int inputRows = config.inputSize(l);
        kernels.cellBackward(
            gates[l],
            t * gateRows * stride,
            cells[l],
            t * hidden * stride,
            tanhCells[l],
            t * hidden * stride,
            dh[l],
            0,
            dc[l],
            0,
            dz,
            0,
            hidden,
            stride,
            b0,
            width);
        kernels.outerAccumulate(
            dz,
            0,
            gateRows,
            in[l],
            t * cols * stride,
            cols,
            dphi,
            layout.weightOffset(l),
            stride,
            b0,
            width);
        kernels.rowSumAccumulate(dz, 0, gateRows, dphi, layout.biasOffset(l), stride, b0, width);
        if (l > 0) {
          kernels.gemm(
              transposed[l], 0, inputRows, gateRows, dz, 0, dh[l - 1], 0, true, stride, b0, width);
        }
        kernels.gemm(
            transposed[l],
            inputRows * gateRows,
            hidden,
            gateRows,
            dz,
            0,
            dh[l],
            0,
            false,
            stride,
            b0,
            width);
      }
    }
  }

  private void allocateBackward() {
    if (dz != null) {
      return;
    }
    dh = new float[layers][hidden * stride];
    dc = new float[layers][hidden * stride];
    dz = new float[config.gateRows() * stride];
    adjoint = new float[stride];
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
