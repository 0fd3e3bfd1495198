package io.learnopt.learned;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Activation checkpointing for BPTT: the forward pass keeps only the gradients it was fed and the
 * LSTM state at the start of the unroll; the backward pass recomputes one coordinate block at a
 * time (every step of it, in a block-sized {@link LstmTrajectory}) and backpropagates through it.
 *
 * <p>This is exact, not an approximation: the optimizer is coordinatewise, so a block's activations
 * depend only on its own initial state and gradients, and the recomputation runs the same kernels
 * in the same order. The meta-gradient is bit-for-bit the one {@link LstmTrajectory} gives (a test
 * checks it). Memory falls from ~240 floats per coordinate and step (the 2×20 network) to 1 per
 * coordinate and step (the gradients) plus two states and, per worker, the stores of one full and
 * one narrower last block; the price is a second forward pass. {@code learnopt bench --workload
 * lstm-scale} measures, at 10⁵ coordinates and 20 steps, 11× less memory (171 MB instead of 1.9 GB)
 * for 18% more time (bench/README.md).
 */
public final class RecomputingTrajectory implements BpttTrajectory {
  private final LstmParameters layout;
  private final BlockLayout blocks;

  /** Row stride of the saved gradients and state: the padded coordinate count. */
  private final int stride;

  private final int steps;
  private final int stateRows;
  private final LstmTrajectory stepper;
  private final float[] grads;
  private final float[] initialState;

  /** The Adam moments at the start of the unroll ({@link Preprocessing#ADAM}), or null. */
  private final AdamInputs initialAdam;

  private ForkJoinPool pool;
  private float[][] accumulators;

  /**
   * Each worker's block stores: [w][0] for full blocks, [w][1] for a narrower last block, built on
   * first use and kept (a store is megabytes: building one per block would cost more than the
   * recomputation).
   */
  private Worker[][] workers = new Worker[0][];

  /** Block stores built so far; workers build them on the pool's threads. */
  private final AtomicInteger storesBuilt = new AtomicInteger();

  /** A store for {@code steps} steps over {@code coordinates} coordinates. */
  public RecomputingTrajectory(LstmParameters layout, int coordinates, int steps) {
    this.layout = layout;
    this.stepper = new LstmTrajectory(layout, coordinates, 1);
    this.blocks = BlockLayout.of(coordinates);
    this.stride = blocks.padded();
    this.steps = steps;
    LstmOptimizerConfig config = layout.config();
    this.stateRows = 2 * config.layers() * config.hidden();
    if ((long) (steps + 1) * stride > Integer.MAX_VALUE
        || (long) stateRows * stride > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          coordinates + " coordinates × " + steps + " steps do not fit in memory buffers");
    }
    this.grads = new float[(steps + 1) * stride];
    this.initialState = new float[stateRows * stride];
    this.initialAdam = stepper.adam() == null ? null : new AdamInputs(coordinates);
  }

  /**
   * About the bytes an unroll of {@code coordinates} × {@code steps} holds once one worker has
   * built its block stores (each further worker adds two block stores, a few megabytes).
   */
  public static long storedBytes(LstmParameters layout, int coordinates, int steps) {
    BlockLayout blocks = BlockLayout.of(coordinates);
    long stateRows = 2L * layout.config().layers() * layout.config().hidden();
    int last = coordinates % BlockLayout.BLOCK;
    long stores =
        (coordinates >= BlockLayout.BLOCK ? blockStore(layout, BlockLayout.BLOCK, steps) : 0)
            + (last > 0 ? blockStore(layout, last, steps) : 0);
    return LstmTrajectory.storedBytes(layout, coordinates, 1)
        + 4L * ((steps + 1L) * blocks.padded() + stateRows * blocks.padded())
        + stores;
  }

  private static long blockStore(LstmParameters layout, int width, int steps) {
    return LstmTrajectory.storedBytes(layout, width, steps) + 8L * width;
  }

  @Override
  public int coordinates() {
    return blocks.coordinates();
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public long activationBytes() {
    long bytes = stepper.activationBytes() + 4L * (grads.length + initialState.length);
    for (Worker[] stores : workers) {
      for (Worker worker : stores) {
        if (worker != null) {
          bytes += worker.bytes();
        }
      }
    }
    return bytes;
  }

  @Override
  public void resetState() {
    stepper.resetState();
  }

  @Override
  public void forwardStep(float[] phi, int t, float[] grad, float[] update) {
    if (t < 0 || t >= steps) {
      throw new IllegalArgumentException("step " + t + " outside 0.." + (steps - 1));
    }
    if (t == 0) {
      stepper.state().save(initialState);
      if (initialAdam != null) {
        initialAdam.copyFrom(stepper.adam());
      }
    }
    System.arraycopy(grad, 0, grads, t * stride, coordinates());
    stepper.stepAndCarry(phi, grad, update);
  }

  @Override
  public void setFinalGradient(float[] grad) {
    System.arraycopy(grad, 0, grads, steps * stride, coordinates());
  }

  @Override
  public void backward(float[] phi, float[] stepWeights, float lossScale, float[] dphi) {
    int count = BlockWorkers.workers(pool, blocks.count());
    if (workers.length != count) {
      workers = new Worker[count][2];
      accumulators = new float[count][layout.size() * stepper.kernels().accumulatorLanes()];
    }
    // The same partition of blocks over workers as LstmTrajectory, the same accumulation order
    // within a worker, and the workers' sums added in worker order: both stores give the same bits.
    BlockWorkers.forEachWorker(
        pool,
        count,
        blocks.count(),
        (w, first, end) -> backwardBlocks(w, first, end, phi, stepWeights, lossScale));
    for (float[] wide : accumulators) {
      stepper.kernels().reduceAccumulators(wide, dphi);
    }
  }

  private void backwardBlocks(
      int w, int firstBlock, int endBlock, float[] phi, float[] stepWeights, float lossScale) {
    for (int k = firstBlock; k < endBlock; k++) {
      int b0 = blocks.first(k);
      int width = blocks.width(k);
      int slot = width == BlockLayout.BLOCK ? 0 : 1;
      Worker worker = workers[w][slot];
      if (worker == null || worker.width != width) {
        worker = new Worker(width);
        workers[w][slot] = worker;
      }
      worker.recompute(phi, b0);
      worker.block.backwardInto(phi, stepWeights, lossScale, accumulators[w]);
    }
  }

  /** Block stores built so far (tests check they are built once, not per backward pass). */
  int storesBuilt() {
    return storesBuilt.get();
  }

  @Override
  public void carryOver() {
    // The stepper carries its state after every step already.
  }

  @Override
  public void setPool(ForkJoinPool pool) {
    this.pool = pool;
    stepper.setPool(pool);
  }

  /** One worker's block-sized activation store and gradient slice. */
  private final class Worker {
    final int width;
    final LstmTrajectory block;
    final float[] grad;
    final float[] update;

    Worker(int width) {
      storesBuilt.incrementAndGet();
      this.width = width;
      this.block = new LstmTrajectory(layout, width, steps);
      this.grad = new float[width];
      this.update = new float[width];
    }

    long bytes() {
      return block.activationBytes() + 8L * width;
    }

    /** Replays the forward pass of columns [b0, b0 + width) from the unroll's initial state. */
    void recompute(float[] phi, int b0) {
      block.state().load(initialState, stride, b0);
      if (initialAdam != null) {
        block.adam().load(initialAdam, b0);
      }
      for (int t = 0; t < steps; t++) {
        System.arraycopy(grads, t * stride + b0, grad, 0, width);
        block.forwardStep(phi, t, grad, update);
      }
      System.arraycopy(grads, steps * stride + b0, grad, 0, width);
      block.setFinalGradient(grad);
    }
  }
}
