package io.learnopt.learned;

import java.util.concurrent.ForkJoinPool;

/**
 * The store that keeps every activation of a coordinatewise LSTM optimizer's unroll of T steps over
 * N coordinates for truncated BPTT, and runs the forward and backward passes over it. It puts
 * together the pieces, each with one job: {@link BlockLayout} (coordinates cut into blocks that
 * stay in L2), {@link Activations} (the buffers, allocated once), {@link CarriedState} (h and c
 * between unrolls), {@link ForwardPass} and {@link BackwardPass} (one block's step, one block's
 * BPTT) and {@link BlockWorkers} (blocks split over a pool).
 *
 * <p>The forward pass runs every layer of one step for one block before the next block; the
 * backward pass runs every step of one block before the next block, which needs nothing from other
 * coordinates. The meta-gradient is the one of Andrychowicz et al. 2016, §2 (see {@link
 * BackwardPass}).
 */
public final class LstmTrajectory implements BpttTrajectory {
  private final LstmParameters layout;
  private final LstmKernels kernels;
  private final BlockLayout blocks;
  private final Activations activations;
  private final CarriedState state;
  private final ForwardPass forward;
  private final BackwardPass backward;

  /** The carried Adam moments of {@link Preprocessing#ADAM}; null for stateless inputs. */
  private final AdamInputs adam;

  /** Per worker, lane-wide ∂L/∂φ accumulators; allocated on first use. */
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
    this.kernels = kernels;
    this.blocks = BlockLayout.of(coordinates);
    this.activations = new Activations(layout, blocks, steps);
    this.state = new CarriedState(activations, layout.config());
    this.forward = new ForwardPass(layout, kernels, activations);
    this.backward = new BackwardPass(layout, kernels, activations);
    this.adam = layout.config().preprocessing().stateless() ? null : new AdamInputs(coordinates);
  }

  /**
   * Bytes the activation buffers of a store for {@code coordinates} × {@code steps} take, without
   * allocating them (the per-layer input, gate and cell slots, the gradients, the output).
   */
  public static long storedBytes(LstmParameters layout, int coordinates, int steps) {
    return Activations.bytes(layout, coordinates, steps);
  }

  @Override
  public int coordinates() {
    return blocks.coordinates();
  }

  @Override
  public int steps() {
    return activations.steps;
  }

  /** Bytes held by the activation buffers (what BPTT costs in memory). */
  @Override
  public long activationBytes() {
    return storedBytes(layout, coordinates(), steps());
  }

  @Override
  public void resetState() {
    state.reset();
    if (adam != null) {
      adam.reset();
    }
  }

  /** Moves the state after the last step into slot 0, so the next unroll continues from it. */
  @Override
  public void carryOver() {
    state.carry(steps());
  }

  /** Moves the state after step {@code slot − 1} (slot {@code slot}) into slot 0. */
  public void carryOver(int slot) {
    state.carry(slot);
  }

  /** The carried state, for {@link RecomputingTrajectory}'s saved copy of it. */
  CarriedState state() {
    return state;
  }

  /** The carried Adam moments of {@link Preprocessing#ADAM} inputs, or null. */
  AdamInputs adam() {
    return adam;
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
    if (steps() != 1) {
      throw new IllegalStateException("stepAndCarry needs a one-step store, this has " + steps());
    }
    forwardStep(phi, 0, grad, update, true);
  }

  private void forwardStep(float[] phi, int t, float[] grad, float[] update, boolean carry) {
    if (t < 0 || t >= steps()) {
      throw new IllegalArgumentException("step " + t + " outside 0.." + (steps() - 1));
    }
    System.arraycopy(grad, 0, activations.grads, t * blocks.total(), coordinates());
    if (adam != null) {
      adam.write(grad, activations, t);
    }
    BlockWorkers.forEachBlock(
        pool,
        blocks.count(),
        k -> {
          forward.block(phi, t, k);
          if (carry) {
            state.carry(1, k);
          }
        });
    forward.update(update);
  }

  /** Records ∇f(θ_T), the gradient after the last step, needed by the backward pass. */
  @Override
  public void setFinalGradient(float[] grad) {
    System.arraycopy(grad, 0, activations.grads, steps() * blocks.total(), coordinates());
  }

  /**
   * Accumulates ∂L/∂φ into {@code dphi} for L = lossScale·Σ_{t=1..T} w_t f(θ_t), after {@code
   * steps} forward steps and {@link #setFinalGradient}. {@code stepWeights[t]} is w_t (index 0
   * unused); null means all ones. Each worker sums its blocks into its own accumulators, which are
   * reduced and added in worker order.
   */
  @Override
  public void backward(float[] phi, float[] stepWeights, float lossScale, float[] dphi) {
    int workers = BlockWorkers.workers(pool, blocks.count());
    if (accumulators == null || accumulators.length != workers) {
      accumulators = new float[workers][layout.size() * kernels.accumulatorLanes()];
    }
    backward.prepare(phi);
    BlockWorkers.forEachWorker(
        pool,
        workers,
        blocks.count(),
        (w, first, end) -> {
          for (int k = first; k < end; k++) {
            backward.block(phi, stepWeights, lossScale, accumulators[w], k);
          }
        });
    for (float[] wide : accumulators) {
      kernels.reduceAccumulators(wide, dphi);
    }
  }

  /**
   * The backward pass of every block on the calling thread, into lane-wide accumulators {@code
   * wide} that the caller reduces: what {@link RecomputingTrajectory} runs per recomputed block, so
   * both stores sum in the same order.
   */
  void backwardInto(float[] phi, float[] stepWeights, float lossScale, float[] wide) {
    backward.prepare(phi);
    for (int k = 0; k < blocks.count(); k++) {
      backward.block(phi, stepWeights, lossScale, wide, k);
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
}
