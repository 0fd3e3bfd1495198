package io.learnopt.problem;

import io.learnopt.tensor.ParameterGroups;
import java.util.List;
import java.util.Map;

/**
 * A task seen through a rescaling of its parameters, θ = s·θ′: the optimizer works on θ′, which
 * starts at θ₀/s, and sees f(s·θ′) with gradient s·∇f(s·θ′). The same problem then presents
 * gradients and parameters on another scale, an augmentation that keeps a learned optimizer from
 * relying on the scales of the tasks it was trained on (learned_optimization's parameter
 * rescaling).
 */
public final class RescaledTask implements Task, FinalMetrics {
  private final Task task;
  private final float scale;
  private final float[] theta;

  /** {@code task} with θ = {@code scale}·θ′ ({@code scale} positive and finite). */
  public RescaledTask(Task task, float scale) {
    if (!(scale > 0) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException("a rescaling must be positive and finite, got " + scale);
    }
    this.task = task;
    this.scale = scale;
    this.theta = new float[task.dimension()];
  }

  /** The factor s. */
  public float scale() {
    return scale;
  }

  @Override
  public int dimension() {
    return task.dimension();
  }

  @Override
  public ParameterGroups groups() {
    return task.groups();
  }

  @Override
  public float[] initialParams() {
    float[] p = task.initialParams();
    for (int i = 0; i < p.length; i++) {
      p[i] /= scale;
    }
    return p;
  }

  @Override
  public float lossAndGradient(float[] params, int step, float[] grad) {
    float[] t = unscaled(params);
    float loss = task.lossAndGradient(t, step, grad);
    for (int i = 0; i < grad.length; i++) {
      grad[i] *= scale;
    }
    return loss;
  }

  private float[] unscaled(float[] params) {
    float[] t = params.length == theta.length ? theta : new float[params.length];
    for (int i = 0; i < params.length; i++) {
      t[i] = scale * params[i];
    }
    return t;
  }

  @Override
  public List<String> metricNames() {
    return task instanceof FinalMetrics m ? m.metricNames() : List.of();
  }

  @Override
  public Map<String, Double> finalMetrics(float[] params) {
    return task instanceof FinalMetrics m ? m.finalMetrics(unscaled(params).clone()) : Map.of();
  }
}
