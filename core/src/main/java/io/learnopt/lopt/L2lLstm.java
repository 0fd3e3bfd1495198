package io.learnopt.lopt;

import io.learnopt.MemoryBudget;
import io.learnopt.learned.BpttTrajectory;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmParameters;
import io.learnopt.learned.LstmTrajectory;
import io.learnopt.learned.RecomputingTrajectory;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.Rng;
import java.util.concurrent.ForkJoinPool;

/**
 * The coordinatewise LSTM optimizer of Andrychowicz et al. (2016): θ_{t+1} = θ_t + u_t with u_t the
 * LSTM's output for the preprocessed gradient, weights shared by every coordinate. The update reads
 * gradients only, so ∂θ_{t+1}/∂θ_t = I and ∂L/∂θ_0 = s·Σ_t w_t ∇ℓ_t.
 *
 * @param config the LSTM's shape, preprocessing and output scale
 * @param recompute keep only the gradients during an unroll and recompute the activations in the
 *     backward pass ({@code RecomputingTrajectory}: the same ∂L/∂φ in far less memory)
 */
public record L2lLstm(LstmOptimizerConfig config, boolean recompute) implements LearnedOptimizer {
  /** Registry name. */
  public static final String NAME = "l2l";

  /** The rule with every activation stored. */
  public L2lLstm(LstmOptimizerConfig config) {
    this(config, false);
  }

  /** The layout of φ. */
  public LstmParameters layout() {
    return new LstmParameters(config);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int parameterCount() {
    return layout().size();
  }

  @Override
  public void initialize(Rng rng, float[] phi) {
    float[] fresh = layout().initialize(rng);
    System.arraycopy(fresh, 0, phi, 0, fresh.length);
  }

  @Override
  public Optimizer bind(float[] phi) {
    return new LstmOptimizer(layout(), phi);
  }

  @Override
  public Unroll newUnroll(UnrollShape shape, int steps) {
    return new LstmUnroll(
        BpttTrajectory.create(layout(), shape.coordinates(), steps, recompute), steps);
  }

  /**
   * Stored activations (all of them, or with {@code recompute} the gradients and one block's) plus
   * the gradients and update this unroll keeps per coordinate and step.
   */
  @Override
  public long unrollBytes(long coordinates, int steps) {
    if (coordinates > Integer.MAX_VALUE) {
      return -1;
    }
    int n = (int) coordinates;
    long recorded = MemoryBudget.product(coordinates, 4L, steps + 1L);
    return recompute
        ? MemoryBudget.sum(recorded, RecomputingTrajectory.storedBytes(layout(), n, steps))
        : MemoryBudget.sum(recorded, LstmTrajectory.storedBytes(layout(), n, steps));
  }

  /** Truncated BPTT through a {@link BpttTrajectory}, which records the gradients it reads. */
  private static final class LstmUnroll implements Unroll {
    private final BpttTrajectory trajectory;
    private final int steps;
    private final float[] update;
    private final float[][] grads;

    LstmUnroll(BpttTrajectory trajectory, int steps) {
      this.trajectory = trajectory;
      this.steps = steps;
      this.update = new float[trajectory.coordinates()];
      this.grads = new float[steps][trajectory.coordinates()];
    }

    @Override
    public long activationBytes() {
      return trajectory.activationBytes();
    }

    @Override
    public void reset() {
      trajectory.resetState();
    }

    @Override
    public void step(float[] phi, int t, float[] theta, float[] grad, float[] losses) {
      trajectory.forwardStep(phi, t, grad, update);
      for (int i = 0; i < update.length; i++) {
        theta[i] += update[i];
      }
      System.arraycopy(grad, 0, grads[t], 0, grads[t].length);
    }

    @Override
    public void backward(float[] phi, TruncationLoss loss, float[] dtheta0, float[] dphi) {
      trajectory.setFinalGradient(loss.finalGradient());
      trajectory.backward(phi, loss.stepWeights(), loss.lossScale(), dphi);
      if (dtheta0 != null) {
        DirectAdjoints.sum(grads, loss, dtheta0);
      }
    }

    @Override
    public void carryOver() {
      trajectory.carryOver();
    }

    @Override
    public void setPool(ForkJoinPool pool) {
      trajectory.setPool(pool);
    }
  }
}
