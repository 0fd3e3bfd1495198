package io.learnopt.outer;

import io.learnopt.UsageException;
import io.learnopt.lopt.MetaParameters;
import io.learnopt.lopt.TruncationLoss;
import io.learnopt.lopt.Unroll;
import io.learnopt.lopt.UnrollShape;
import io.learnopt.problem.Task;
import io.learnopt.tasks.OuterLossTask;
import io.learnopt.tensor.ParameterGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Several tasks run by one worker: their coordinates concatenated into one unroll of the learned
 * rule (128 quadratics of dimension 10 are 1,280 coordinates of one LSTM batch), θ and the rule's
 * state carried across the truncations of a horizon.
 */
final class UnrollGroup {
  private final MetaParameters layout;
  private final Objective objective;
  private final int unroll;
  private final ForkJoinPool blockPool;
  private final float[] stepWeights;
  private final float[] phi;
  private final float[] dphi;
  final float[] metaGradient;
  private List<Task> tasks = List.of();
  private UnrollShape shape;
  private Unroll run;
  private float[] theta = new float[0];
  private float[] grad = new float[0];
  private float[] dtheta0 = new float[0];
  private float[] losses = new float[0];
  private float[][] taskParams = new float[0][];
  private float[][] taskGrads = new float[0][];

  /**
   * A worker for truncations of {@code unroll} steps; {@code blockPool} (or null) splits the
   * coordinates of large task sets when tasks are fewer than threads.
   */
  UnrollGroup(MetaParameters layout, Objective objective, int unroll, ForkJoinPool blockPool) {
    this.layout = layout;
    this.objective = objective;
    this.unroll = unroll;
    this.blockPool = blockPool;
    this.stepWeights = new float[unroll + 1];
    this.metaGradient = new float[layout.size()];
    boolean separate = layout.learnsInitialization();
    this.phi = separate ? new float[layout.rule().parameterCount()] : null;
    this.dphi = separate ? new float[layout.rule().parameterCount()] : null;
  }

  /** Bytes the rule holds for BPTT (0 before the first tasks). */
  long activationBytes() {
    return run == null ? 0 : run.activationBytes();
  }

  /** Starts new tasks: θ ← θ₀ (learned or the task's own), zero rule state, ∇f(θ₀) evaluated. */
  void start(List<Task> newTasks, float[] meta) {
    tasks = newTasks;
    int[] dims = new int[tasks.size()];
    List<ParameterGroups> groups = new ArrayList<>();
    taskParams = new float[tasks.size()][];
    taskGrads = new float[tasks.size()][];
    for (int k = 0; k < dims.length; k++) {
      dims[k] = tasks.get(k).dimension();
      groups.add(tasks.get(k).groups());
      if (groups.get(k).coordinates() != dims[k]) {
        throw new IllegalStateException(
            "task " + k + " has " + dims[k] + " coordinates but groups over " + groups.get(k));
      }
      taskParams[k] = new float[dims[k]];
      taskGrads[k] = new float[dims[k]];
      if (layout.learnsInitialization() && dims[k] != layout.initSize()) {
        throw new UsageException(
            "a learned initialization of "
                + layout.initSize()
                + " coordinates cannot start a task of "
                + dims[k]
                + "; use tasks of one shape");
      }
    }
    UnrollShape next = UnrollShape.of(groups);
    if (!next.equals(shape)) {
      shape = next;
      run = layout.rule().newUnroll(shape, unroll);
      run.setPool(blockPool);
      int n = shape.coordinates();
      theta = new float[n];
      grad = new float[n];
      dtheta0 = layout.learnsInitialization() ? new float[n] : null;
      losses = new float[tasks.size()];
    }
    run.reset();
    for (int k = 0; k < tasks.size(); k++) {
      float[] init = layout.learnsInitialization() ? meta : tasks.get(k).initialParams();
      System.arraycopy(init, 0, theta, shape.taskStart(k), dims[k]);
    }
    evaluate(0);
  }

  /**
   * The truncation starting at optimizee step {@code firstStep} of a horizon of {@code horizon}
   * steps: T steps forward, then BPTT into {@link #metaGradient} (overwritten) for the objective
   * scaled by {@code lossScale}. Returns the unweighted sum over tasks of the losses the objective
   * reads (every step's f, or the outer loss).
   */
  double unroll(float[] meta, int firstStep, int horizon, float lossScale) {
    float[] rulePhi = rulePhi(meta);
    double total = forward(rulePhi, firstStep, horizon);
    objective.weights(firstStep, horizon, stepWeights);
    Arrays.fill(metaGradient, 0f);
    float[] ruleGrad = dphi == null ? metaGradient : dphi;
    if (dphi != null) {
      Arrays.fill(dphi, 0f);
    }
    boolean fromStart = layout.learnsInitialization() && firstStep == 0;
    run.backward(
        rulePhi,
        new TruncationLoss(stepWeights, lossScale, grad),
        fromStart ? dtheta0 : null,
        ruleGrad);
    if (dphi != null) {
      System.arraycopy(dphi, 0, metaGradient, layout.ruleOffset(), dphi.length);
    }
    if (fromStart) {
      for (int k = 0; k < tasks.size(); k++) {
        int from = shape.taskStart(k);
        for (int i = 0; i < layout.initSize(); i++) {
          metaGradient[i] += dtheta0[from + i];
        }
      }
    }
    run.carryOver();
    return total;
  }

  /**
   * The truncation starting at {@code firstStep} forward only, its state carried over: where {@link
   * #unroll} would leave θ and the rule's state, without the backward pass (the backward pass
   * changes neither). What a worker that missed earlier truncations replays.
   */
  void advance(float[] meta, int firstStep, int horizon) {
    forward(rulePhi(meta), firstStep, horizon);
    run.carryOver();
  }

  /** T steps forward from {@code firstStep}; returns the losses the objective reads. */
  private double forward(float[] rulePhi, int firstStep, int horizon) {
    boolean outer = objective instanceof Objective.FinalOuterLoss;
    boolean horizonEnds = firstStep + unroll >= horizon;
    double total = 0;
    for (int t = 0; t < unroll; t++) {
      run.step(rulePhi, t, theta, grad, losses);
      if (!(outer && horizonEnds && t == unroll - 1)) { // the last training gradient is unused
        double loss = evaluate(firstStep + t + 1);
        total += outer ? 0 : loss;
      }
    }
    return outer ? outerLoss(firstStep + unroll) : total;
  }

  /** φ inside {@code meta}: the array itself when there is no learned initialization. */
  private float[] rulePhi(float[] meta) {
    if (phi == null) {
      return meta;
    }
    System.arraycopy(meta, layout.ruleOffset(), phi, 0, phi.length);
    return phi;
  }

  /** Sum over tasks of f(θ) at optimizee step {@code step}; fills {@link #grad} and the losses. */
  private double evaluate(int step) {
    double sum = 0;
    for (int k = 0; k < tasks.size(); k++) {
      float[] p = taskParams[k];
      System.arraycopy(theta, shape.taskStart(k), p, 0, p.length);
      float loss = tasks.get(k).lossAndGradient(p, step, taskGrads[k]);
      System.arraycopy(taskGrads[k], 0, grad, shape.taskStart(k), p.length);
      requireFinite(loss, k, "optimizee loss or gradient", "at optimizee step " + step);
      losses[k] = loss;
      sum += loss;
    }
    return sum;
  }

  /** Sum over tasks of the outer loss at θ; its gradient goes into {@link #grad}. */
  private double outerLoss(int step) {
    double sum = 0;
    for (int k = 0; k < tasks.size(); k++) {
      if (!(tasks.get(k) instanceof OuterLossTask task)) {
        throw new IllegalStateException("the final-outer-loss objective needs OuterLossTasks");
      }
      float[] p = taskParams[k];
      System.arraycopy(theta, shape.taskStart(k), p, 0, p.length);
      float loss = task.outerLossAndGradient(p, taskGrads[k]);
      System.arraycopy(taskGrads[k], 0, grad, shape.taskStart(k), p.length);
      requireFinite(loss, k, "outer loss or its gradient", "after optimizee step " + step);
      sum += loss;
    }
    return sum;
  }

  private void requireFinite(float loss, int k, String what, String where) {
    if (!Task.finite(loss, taskGrads[k])) {
      throw new DivergedException(
          "the "
              + what
              + " became "
              + (Float.isNaN(loss) ? "NaN" : "non-finite")
              + " "
              + where
              + " (task "
              + k
              + " of its group)");
    }
  }
}
