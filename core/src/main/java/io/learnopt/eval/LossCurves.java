package io.learnopt.eval;

import java.util.Map;

/**
 * The losses of one optimizer on a set of tasks: {@code losses[task][t]} is f(θ_t), t = 0..steps. A
 * run that diverged holds NaN from the step it did.
 *
 * @param losses per task, the loss at every step including the initial point
 * @param finalMetrics per metric name (e.g. {@code test_accuracy}), one value per task, for tasks
 *     that report {@link io.learnopt.problem.FinalMetrics}; NaN for a diverged task
 * @param msPerStep per task, the wall time of one step (gradient and update) in milliseconds, or
 *     null when not measured; a cost on a shared machine, not a benchmark ({@code learnopt bench})
 */
public record LossCurves(
    double[][] losses, Map<String, double[]> finalMetrics, double[] msPerStep) {

  /** Curves without step times. */
  public LossCurves(double[][] losses, Map<String, double[]> finalMetrics) {
    this(losses, finalMetrics, null);
  }

  /** Curves without final metrics. */
  public LossCurves(double[][] losses) {
    this(losses, Map.of());
  }

  /** Median over tasks of the time per step, or NaN if not measured. */
  public double medianMsPerStep() {
    return msPerStep == null ? Double.NaN : Summary.of(msPerStep).median();
  }

  /** Summary of a final metric over tasks. */
  public Summary metricSummary(String name) {
    return Summary.of(finalMetrics.get(name));
  }

  /** Number of tasks. */
  public int tasks() {
    return losses.length;
  }

  /** Number of optimizer steps (curve length minus one). */
  public int steps() {
    return losses[0].length - 1;
  }

  /** The losses at the last step, one per task. */
  public double[] finalLosses() {
    double[] out = new double[losses.length];
    for (int i = 0; i < losses.length; i++) {
      out[i] = losses[i][losses[i].length - 1];
    }
    return out;
  }

  /** Summary of the final losses. */
  public Summary finalSummary() {
    return Summary.of(finalLosses());
  }

  /** Mean over tasks at each step (+∞ once any task diverged). */
  public double[] meanCurve() {
    double[] mean = new double[steps() + 1];
    for (int t = 0; t <= steps(); t++) {
      mean[t] = Summary.of(column(t)).mean();
    }
    return mean;
  }

  /** Half-width of the 95% confidence interval of the mean at each step (1.96·std/√n). */
  public double[] confidenceHalfWidth() {
    double[] half = new double[steps() + 1];
    for (int t = 0; t <= steps(); t++) {
      half[t] = 1.96 * Summary.of(column(t)).std() / Math.sqrt(tasks());
    }
    return half;
  }

  private double[] column(int t) {
    double[] c = new double[losses.length];
    for (int i = 0; i < losses.length; i++) {
      c[i] = losses[i][t];
    }
    return c;
  }
}
