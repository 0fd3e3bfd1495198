package io.learnopt.cli;

import io.learnopt.cli.plot.Curve;
import io.learnopt.eval.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The curves of a comparison's loss plot: each optimizer's mean loss, labelled with the learning
 * rate it ran at, and the 95% confidence band of the mean only for the learned optimizers and the
 * best baseline — the comparison the plot is for. With a band for every optimizer, seven or eight
 * overlapping translucent bands mix into one muddy colour and hide which band is whose.
 */
final class ComparisonCurves {
  private ComparisonCurves() {}

  /** What the plot's title says the bands are. */
  static final String BANDS = "bands: 95% CI of the mean, learned optimizer and best baseline";

  /**
   * Steps averaged per plotted point: 1 below 500 steps, else steps/100, so that on long horizons
   * the minibatch noise of every curve does not hide the trend (curves.csv keeps every step).
   */
  static int window(int steps) {
    return steps < 500 ? 1 : steps / 100;
  }

  /** What the plot's title adds about the averaging, or "" for none. */
  static String windowNote(int steps) {
    int w = window(steps);
    return w == 1
        ? ""
        : String.format(Locale.ROOT, "; each point the mean of the last %d steps", w);
  }

  /** The trailing moving average of {@code v} over {@code w} values (fewer at the start). */
  static double[] trailingMean(double[] v, int w) {
    if (w == 1) {
      return v;
    }
    double[] out = new double[v.length];
    for (int t = 0; t < v.length; t++) {
      int from = Math.max(0, t - w + 1);
      double sum = 0;
      for (int k = from; k <= t; k++) {
        sum += v[k];
      }
      out[t] = sum / (t - from + 1);
    }
    return out;
  }

  static List<Curve> of(Comparison.Result result) {
    int w = window(result.steps());
    List<Curve> curves = new ArrayList<>();
    for (Curve c : unsmoothed(result)) {
      curves.add(
          new Curve(
              c.name(),
              trailingMean(c.center(), w),
              c.lower() == null ? null : trailingMean(c.lower(), w),
              c.upper() == null ? null : trailingMean(c.upper(), w)));
    }
    return curves;
  }

  private static List<Curve> unsmoothed(Comparison.Result result) {
    int best = bestBaseline(result.entries());
    List<Curve> curves = new ArrayList<>();
    for (int i = 0; i < result.entries().size(); i++) {
      Comparison.Entry e = result.entries().get(i);
      double[] mean = e.curves().meanCurve();
      if (i != best && !isLearned(e)) {
        curves.add(Curve.line(label(e), mean));
        continue;
      }
      double[] half = e.curves().confidenceHalfWidth();
      double[] lower = new double[mean.length];
      double[] upper = new double[mean.length];
      for (int t = 0; t < mean.length; t++) {
        lower[t] = mean[t] - half[t];
        upper[t] = mean[t] + half[t];
      }
      curves.add(new Curve(label(e), mean, lower, upper));
    }
    return curves;
  }

  /**
   * The legend entry: the name and, unless the name already gives it (a spec such as {@code
   * adam:lr=0.1}), the learning rate — for a tuned baseline the rate the grid chose, which the plot
   * would otherwise not show.
   */
  static String label(Comparison.Entry e) {
    if (e.learningRate() == null || e.name().contains("lr=")) {
      return e.name();
    }
    return String.format(Locale.ROOT, "%s (lr=%.3g)", e.name(), e.learningRate());
  }

  /**
   * The learned optimizers: loaded from model files, whatever they are named ({@code lstm}, {@code
   * mlp-lopt}, a file's name), they alone run without a learning rate; every baseline has one,
   * tuned or given.
   */
  static boolean isLearned(Comparison.Entry e) {
    return e.learningRate() == null;
  }

  /** Index of the baseline with the lowest finite mean final loss, or -1 if there is none. */
  static int bestBaseline(List<Comparison.Entry> entries) {
    int best = -1;
    double bestMean = Double.POSITIVE_INFINITY;
    for (int i = 0; i < entries.size(); i++) {
      double mean = entries.get(i).curves().finalSummary().mean();
      if (!isLearned(entries.get(i)) && Double.isFinite(mean) && mean < bestMean) {
        best = i;
        bestMean = mean;
      }
    }
    return best;
  }
}
