package io.learnopt.learned;

import io.learnopt.optim.NamedArrays;
import io.learnopt.optim.Optimizer;
import java.util.concurrent.ForkJoinPool;

/**
 * A trained coordinatewise LSTM optimizer as a plain {@link Optimizer}: it drops into any training
 * loop. Its state holds one hidden and cell state per coordinate and layer; φ is fixed.
 */
public final class LstmOptimizer implements Optimizer {
  /** Below this many coordinates a step is too short to be worth splitting across threads. */
  private static final int PARALLEL_THRESHOLD = 4 * BlockLayout.BLOCK;

  private final LstmParameters layout;
  private final float[] phi;

  /** Not serialized: a copy elsewhere steps on the calling thread. */
  private final transient ForkJoinPool pool;

  /** The optimizer with meta-parameters {@code phi} (copied) laid out by {@code layout}. */
  public LstmOptimizer(LstmParameters layout, float[] phi) {
    this(layout, phi, null);
  }

  /**
   * As above; steps over at least {@code 4 × 256} coordinates split their coordinate blocks over
   * {@code pool} (null: single-threaded).
   */
  public LstmOptimizer(LstmParameters layout, float[] phi, ForkJoinPool pool) {
    if (phi.length != layout.size()) {
      throw new IllegalArgumentException(
          "LSTM optimizer needs " + layout.size() + " meta-parameters, got " + phi.length);
    }
    this.layout = layout;
    this.phi = phi.clone();
    this.pool = pool;
  }

  /** The same optimizer, splitting large steps over {@code pool}. */
  public LstmOptimizer withPool(ForkJoinPool pool) {
    return new LstmOptimizer(layout, phi, pool);
  }

  /** The architecture. */
  public LstmOptimizerConfig config() {
    return layout.config();
  }

  /** The layout of φ. */
  public LstmParameters layout() {
    return layout;
  }

  /** A copy of the meta-parameters φ. */
  public float[] parameters() {
    return phi.clone();
  }

  /**
   * Hidden and cell state of every coordinate, zero at the start; saved as one array {@code hc}:
   * per layer, its hidden rows then its cell rows, each padded to the kernels' vector width. With
   * {@link Preprocessing#ADAM} inputs, also the Adam moments ({@link AdamInputs#save}).
   */
  private record LstmState(LstmTrajectory trajectory, int stateLength) implements State {
    @Override
    public void save(NamedArrays out) {
      float[] hc = new float[stateLength];
      trajectory.state().save(hc);
      out.putArray("hc", hc);
      if (trajectory.adam() != null) {
        trajectory.adam().save(out);
      }
    }

    @Override
    public void restore(NamedArrays in) {
      int stride = LstmKernels.padded(trajectory.coordinates());
      trajectory.state().load(in.array("hc", stateLength), stride, 0);
      if (trajectory.adam() != null) {
        trajectory.adam().restore(in);
      }
    }
  }

  @Override
  public State init(int coordinates) {
    LstmTrajectory trajectory = new LstmTrajectory(layout, coordinates, 1);
    trajectory.resetState();
    if (coordinates >= PARALLEL_THRESHOLD) {
      trajectory.setPool(pool);
    }
    LstmOptimizerConfig config = layout.config();
    int stateLength = 2 * config.layers() * config.hidden() * LstmKernels.padded(coordinates);
    return new LstmState(trajectory, stateLength);
  }

  @Override
  public void update(float[] grad, float[] params, State state, float[] update) {
    LstmTrajectory trajectory = ((LstmState) state).trajectory();
    if (grad.length != trajectory.coordinates() || update.length < trajectory.coordinates()) {
      throw new IllegalArgumentException(
          "state is for "
              + trajectory.coordinates()
              + " coordinates, got gradient of "
              + grad.length
              + " and update of "
              + update.length);
    }
    trajectory.stepAndCarry(phi, grad, update);
  }

  @Override
  public String name() {
    return "lstm";
  }
}
