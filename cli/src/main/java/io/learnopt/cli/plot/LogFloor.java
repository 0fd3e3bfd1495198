package io.learnopt.cli.plot;

import java.util.List;

/**
 * Makes data drawable on a log axis. Zero and negative values (a loss that reached 0, or a lower
 * band edge of mean − std below 0) have no logarithm and make XChart's log axis fail, so they are
 * raised to a floor one decade below the smallest positive value plotted: low enough to read as "at
 * the bottom", close enough not to stretch the axis over empty decades.
 */
final class LogFloor {
  /** Used when nothing in the plot is positive. */
  static final double DEFAULT = 1e-12;

  private LogFloor() {}

  /** One tenth of the smallest finite positive value in any curve, line or band. */
  static double of(List<Curve> curves) {
    double min = Double.POSITIVE_INFINITY;
    for (Curve c : curves) {
      min = Math.min(min, minPositive(c.center()));
      if (c.hasBand()) {
        min = Math.min(min, Math.min(minPositive(c.lower()), minPositive(c.upper())));
      }
    }
    return Double.isFinite(min) ? min / 10 : DEFAULT;
  }

  /**
   * A copy with values below {@code floor} raised to it; NaN and ±infinity become NaN, which XChart
   * draws as a gap.
   */
  static double[] clamp(double[] values, double floor) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      out[i] = !Double.isFinite(v) ? Double.NaN : Math.max(v, floor);
    }
    return out;
  }

  private static double minPositive(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    for (double v : values) {
      if (v > 0 && v < min) {
        min = v;
      }
    }
    return min;
  }
}
