package io.learnopt.learned;

import io.learnopt.optim.Optimizer;

/**
 * A trained coordinatewise LSTM optimizer as a plain {@link Optimizer}: it drops into any training
 * loop. Its state holds one hidden and cell state per coordinate and layer; φ is fixed.
 */
public final class LstmOptimizer implements Optimizer {
  private final LstmParameters layout;
  private final float[] phi;

  /** The optimizer with meta-parameters {@code phi} (copied) laid out by {@code layout}. */
  public LstmOptimizer(LstmParameters layout, float[] phi) {
    if (phi.length != layout.size()) {
      throw new IllegalArgumentException(
          "LSTM optimizer needs " + layout.size() + " meta-parameters, got " + phi.length);
    }
    this.layout = layout;
    this.phi = phi.clone();
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

  /** Hidden and cell state of every coordinate, zero at the start. */
  private record LstmState(LstmTrajectory trajectory) implements State {}

  @Override
  public State init(int coordinates) {
    LstmTrajectory trajectory = new LstmTrajectory(layout, coordinates, 1);
    trajectory.resetState();
    return new LstmState(trajectory);
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
    trajectory.forwardStep(phi, 0, grad, update);
    trajectory.carryOver(1);
  }

  @Override
  public String name() {
    return "lstm";
  }
}
