package io.learnopt.cli.plot;

import java.util.Objects;

/**
 * One line of a {@link LossPlot} with an optional shaded band: {@code center[t]} is drawn as the
 * line and the area between {@code lower[t]} and {@code upper[t]} is filled, for steps t = 0..T.
 * What the band means is the caller's choice — e.g. the 25th–75th percentile of the loss over tasks
 * around the median, or mean ± one standard error — and belongs in the plot's title or the legend
 * name.
 *
 * @param name the legend entry; unique within a plot
 * @param center the line, one value per step
 * @param lower the band's lower edge, same length as {@code center}, or null for no band
 * @param upper the band's upper edge, same length as {@code center}, or null for no band
 */
public record Curve(String name, double[] center, double[] lower, double[] upper) {
  /** Checks that the name is set and all arrays have the same, non-zero length. */
  public Curve {
    Objects.requireNonNull(name, "curve name");
    Objects.requireNonNull(center, "curve center");
    if (center.length == 0) {
      throw new IllegalArgumentException("curve '" + name + "' has no points");
    }
    if ((lower == null) != (upper == null)) {
      throw new IllegalArgumentException(
          "curve '" + name + "' needs both lower and upper band edges, or neither");
    }
    if (lower != null && (lower.length != center.length || upper.length != center.length)) {
      throw new IllegalArgumentException(
          "curve '"
              + name
              + "' has "
              + center.length
              + " center points but "
              + lower.length
              + " lower and "
              + upper.length
              + " upper; all three need one value per step");
    }
  }

  /** A line without a band. */
  public static Curve line(String name, double[] center) {
    return new Curve(name, center, null, null);
  }

  /** Whether a band is drawn around the line. */
  public boolean hasBand() {
    return lower != null;
  }

  /** The number of steps, T + 1. */
  public int length() {
    return center.length;
  }
}
