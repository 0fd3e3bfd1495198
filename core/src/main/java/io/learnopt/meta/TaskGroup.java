package io.learnopt.meta;

import io.learnopt.learned.BpttTrajectory;
import io.learnopt.learned.LstmParameters;
import io.learnopt.problem.Task;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Several tasks optimized together by one worker thread: their coordinates concatenated into one
 * LSTM batch (128 quadratics of dimension 10 are 1,280 coordinates), θ and the LSTM state carried
 * across the truncated unrolls of an epoch.
 */
final class TaskGroup {
  private final LstmParameters layout;
  private final int unroll;
  private final int horizon;
  private final StepWeighting weighting;
  private final float[] stepWeights;
  private List<Task> tasks = List.of();
  private int[] offsets = new int[1];
  private float[] theta = new float[0];
  private float[] grad = new float[0];
  private float[] update = new float[0];
  private float[][] taskParams = new float[0][];
  private float[][] taskGrads = new float[0][];
  private BpttTrajectory trajectory;
  private final ForkJoinPool blockPool;
  private final boolean recompute;
  final float[] metaGradient;

  /**
   * A worker for unrolls of {@code unroll} steps, storing or ({@code recompute}) recomputing the
   * activations; {@code blockPool} (or null) splits the coordinate blocks of large task sets across
   * threads when there are fewer tasks than threads.
   */
  TaskGroup(
      LstmParameters layout,
      int unroll,
      int horizon,
      StepWeighting weighting,
      boolean recompute,
      ForkJoinPool blockPool) {
    this.blockPool = blockPool;
    this.recompute = recompute;
    this.layout = layout;
    this.unroll = unroll;
    this.horizon = horizon;
    this.weighting = weighting;
    this.stepWeights = new float[unroll + 1];
    this.metaGradient = new float[layout.size()];
  }

  /** Bytes the activation store for BPTT holds (0 before the first tasks). */
  long activationBytes() {
    return trajectory == null ? 0 : trajectory.activationBytes();
  }

  /** Starts new tasks: θ ← θ₀, zero LSTM state, ∇f(θ₀) evaluated. */
  void start(List<Task> newTasks) {
    tasks = newTasks;
    offsets = new int[tasks.size() + 1];
    taskParams = new float[tasks.size()][];
    taskGrads = new float[tasks.size()][];
    for (int k = 0; k < tasks.size(); k++) {
      int d = tasks.get(k).dimension();
      offsets[k + 1] = offsets[k] + d;
      taskParams[k] = new float[d];
      taskGrads[k] = new float[d];
    }
    int n = offsets[tasks.size()];
    if (trajectory == null || trajectory.coordinates() != n) {
      trajectory = BpttTrajectory.create(layout, n, unroll, recompute);
      trajectory.setPool(blockPool);
      theta = new float[n];
      grad = new float[n];
      update = new float[n];
    }
    trajectory.resetState();
    for (int k = 0; k < tasks.size(); k++) {
      System.arraycopy(tasks.get(k).initialParams(), 0, theta, offsets[k], taskParams[k].length);
    }
    evaluate(0);
  }

  /**
   * One truncated unroll from optimizee step {@code firstStep}: forward T steps, then BPTT into
   * {@link #metaGradient} (overwritten) for the loss lossScale·Σ_t w_t f(θ_t). Returns the
   * unweighted Σ_t Σ_tasks f(θ_t), or throws if a loss or gradient is not finite.
   */
  double unroll(float[] phi, int firstStep, float lossScale) {
    double total = 0;
    for (int t = 0; t < unroll; t++) {
      trajectory.forwardStep(phi, t, grad, update);
      for (int i = 0; i < theta.length; i++) {
        theta[i] += update[i];
      }
      total += evaluate(firstStep + t + 1);
    }
    trajectory.setFinalGradient(grad);
    for (int t = 1; t <= unroll; t++) {
      stepWeights[t] = weighting.weight(firstStep + t, horizon);
    }
    Arrays.fill(metaGradient, 0f);
    trajectory.backward(phi, stepWeights, lossScale, metaGradient);
    trajectory.carryOver();
    return total;
  }

  /** Sum over tasks of f(θ) at optimizee step {@code step}; fills {@link #grad}. */
  private double evaluate(int step) {
    double sum = 0;
    for (int k = 0; k < tasks.size(); k++) {
      float[] p = taskParams[k];
      System.arraycopy(theta, offsets[k], p, 0, p.length);
      float loss = tasks.get(k).lossAndGradient(p, step, taskGrads[k]);
      System.arraycopy(taskGrads[k], 0, grad, offsets[k], p.length);
      if (!Task.finite(loss, taskGrads[k])) {
        throw new NonFiniteLossException(
            "the optimizee loss or gradient became "
                + (Float.isNaN(loss) ? "NaN" : "non-finite")
                + " at optimizee step "
                + step
                + " (task "
                + k
                + " of its group)");
      }
      sum += loss;
    }
    return sum;
  }
}
