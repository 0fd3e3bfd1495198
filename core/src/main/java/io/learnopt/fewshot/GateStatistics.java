package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.tensor.ParameterLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The meta-learner LSTM's gates during the inner loop, summarised per layer of the learner: for
 * each episode, inner step, layer and gate, the mean and standard deviation over the layer's
 * coordinates and their 10th, 50th and 90th percentiles. The percentiles are what a plot should
 * show: a gate is a sigmoid, and quantiles of values in [0, 1] stay in [0, 1], whereas mean ± sd of
 * a forget gate just below 1 reaches above it. This is the figure Ravi &amp; Larochelle (2017, Fig.
 * 2) use to show what was learned: forget gates near 1 (a slight weight decay) and input gates that
 * change from step to step (a learned, dynamic learning rate).
 */
public final class GateStatistics {
  /**
   * One summary value.
   *
   * @param episode index of the episode in the list given
   * @param step inner step t, 1-based
   * @param layer the learner layer (parameter-name prefix, e.g. {@code block0})
   * @param gate {@code input} or {@code forget}
   * @param mean mean over the layer's coordinates
   * @param std standard deviation over them
   * @param p10 10th percentile over them
   * @param median 50th percentile
   * @param p90 90th percentile
   */
  public record Row(
      int episode,
      int step,
      String layer,
      String gate,
      double mean,
      double std,
      double p10,
      double median,
      double p90) {}

  private GateStatistics() {}

  /**
   * Runs {@code method}'s inner loop on each episode and summarises its gates.
   *
   * @throws IllegalArgumentException if the method's rule is not the meta-learner LSTM
   */
  public static List<Row> of(EpisodicMetaLearner method, List<Episode> episodes) {
    if (!(method.inner() instanceof MetaLstmInner)) {
      throw new IllegalArgumentException(
          method.name() + " has no gates to plot; only the meta-learner LSTM (metalstm) has");
    }
    Map<String, int[]> layers = layers(method.learner().layout());
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < episodes.size(); e++) {
      method.adapt(episodes.get(e));
      MetaLstmInner.GateTrace trace = (MetaLstmInner.GateTrace) method.run();
      for (int t = 0; t < method.steps(); t++) {
        for (Map.Entry<String, int[]> layer : layers.entrySet()) {
          int[] range = layer.getValue();
          rows.add(row(e, t, layer.getKey(), "input", trace.inputGates()[t], range));
          rows.add(row(e, t, layer.getKey(), "forget", trace.forgetGates()[t], range));
        }
      }
    }
    return rows;
  }

  /** Coordinate ranges [start, end) per layer: entries grouped by the name before the first dot. */
  static Map<String, int[]> layers(ParameterLayout layout) {
    Map<String, int[]> layers = new LinkedHashMap<>();
    for (ParameterLayout.Entry e : layout.entries()) {
      String name =
          e.name().contains(".") ? e.name().substring(0, e.name().indexOf('.')) : e.name();
      int[] range = layers.computeIfAbsent(name, k -> new int[] {e.offset(), e.offset()});
      range[1] = e.offset() + e.size();
    }
    return layers;
  }

  private static Row row(
      int episode, int t, String layer, String gate, float[] values, int[] range) {
    double sum = 0;
    for (int i = range[0]; i < range[1]; i++) {
      sum += values[i];
    }
    int n = range[1] - range[0];
    double mean = sum / n;
    double ss = 0;
    for (int i = range[0]; i < range[1]; i++) {
      ss += (values[i] - mean) * (values[i] - mean);
    }
    float[] sorted = Arrays.copyOfRange(values, range[0], range[1]);
    Arrays.sort(sorted);
    return new Row(
        episode,
        t + 1,
        layer,
        gate,
        mean,
        Math.sqrt(ss / n),
        quantile(sorted, 0.1),
        quantile(sorted, 0.5),
        quantile(sorted, 0.9));
  }

  /**
   * The {@code p}-quantile of sorted values, interpolating linearly between the two nearest ranks
   * (position p·(n−1), Hyndman &amp; Fan's type 7, as numpy's default); never outside [min, max].
   */
  static double quantile(float[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    double fraction = position - below;
    return sorted[below] + fraction * (sorted[above] - sorted[below]);
  }
}
