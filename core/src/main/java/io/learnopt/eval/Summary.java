package io.learnopt.eval;

import java.util.Arrays;

/**
 * Mean, standard deviation (n−1) and median of a sample. A non-finite value (a diverged run) makes
 * the mean and std infinite, so a diverging optimizer can never look good.
 *
 * @param mean the sample mean
 * @param std the sample standard deviation
 * @param median the sample median
 */
public record Summary(double mean, double std, double median) {

  /** Summarizes {@code values}; NaN counts as +∞. */
  public static Summary of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot summarize an empty sample");
    }
    double[] sorted = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      sorted[i] = Double.isNaN(values[i]) ? Double.POSITIVE_INFINITY : values[i];
    }
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    double mean = sum / sorted.length;
    double squares = 0;
    for (double v : sorted) {
      squares += (v - mean) * (v - mean);
    }
    double std =
        sorted.length > 1 && Double.isFinite(mean) ? Math.sqrt(squares / (sorted.length - 1)) : 0;
    if (!Double.isFinite(mean)) {
      std = Double.POSITIVE_INFINITY;
    }
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    return new Summary(mean, std, median);
  }

  /** log10 of the mean. */
  public double log10Mean() {
    return Math.log10(mean);
  }
}
