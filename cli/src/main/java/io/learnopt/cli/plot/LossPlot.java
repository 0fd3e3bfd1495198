package io.learnopt.cli.plot;

import io.learnopt.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws loss curves against the step on a log-scale y axis and writes {@code baseName.png} and
 * {@code baseName.svg}: one line per {@link Curve}, with its band filled in the same color at low
 * opacity underneath all lines.
 *
 * <p>XChart's error bars draw whiskers at every point, which turn into a solid smear for hundreds
 * of steps; instead each band is a closed polygon (upper edge left to right, lower edge right to
 * left) rendered with {@link XYSeriesRenderStyle#PolygonArea}.
 */
public final class LossPlot {
  static {
    // Must run before any AWT class initializes: java.awt.Color's static initializer already asks
    // GraphicsEnvironment whether it is headless, and the answer is cached for the JVM's life.
    System.setProperty("java.awt.headless", "true");
  }

  /** Size of both outputs, in pixels (PNG) or points (SVG). */
  public static final int WIDTH = 900;

  /** Height of both outputs. */
  public static final int HEIGHT = 600;

  /** Tableau 10: distinct hues that stay distinguishable for most color-blind readers. */
  private static final int[] PALETTE = {
    0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F,
    0xBAB0AC
  };

  /** Prefix of the series that are not curves; no legend shows them, so no curve can clash. */
  private static final String INTERNAL = "\u0001";

  /**
   * Opacity of all bands together, of 255, shared out among them (within [{@link #MIN_BAND_ALPHA},
   * {@link #MAX_BAND_ALPHA}]): where several translucent bands overlap their colours add up, and at
   * a fixed opacity five overlapping bands turned into one muddy colour.
   */
  private static final int TOTAL_BAND_ALPHA = 100;

  private static final int MIN_BAND_ALPHA = 22;
  private static final int MAX_BAND_ALPHA = 56;
  private static final float LINE_WIDTH = 2f;

  private LossPlot() {}

  /**
   * Writes {@code dir/baseName.png} and {@code dir/baseName.svg}, each atomically.
   *
   * <p>Values ≤ 0 cannot be shown on a log axis, and XChart's log axis fails on them; they are
   * drawn at a floor one decade below the smallest positive value in the plot (so a loss that
   * reaches exactly 0 appears as a drop to the bottom edge). NaN and infinite values leave a gap in
   * the line.
   *
   * @throws IllegalArgumentException if {@code curves} is empty or two curves share a name
   * @throws io.learnopt.LearnoptException naming the file if it cannot be written
   */
  public static void write(
      Path dir, String baseName, String title, String xLabel, String yLabel, List<Curve> curves) {
    write(dir, baseName, chart(title, xLabel, yLabel, curves, true), title, curves);
  }

  /** As {@link #write}, on a linear y axis (for values such as gate activations in [0, 1]). */
  public static void writeLinear(
      Path dir, String baseName, String title, String xLabel, String yLabel, List<Curve> curves) {
    write(dir, baseName, chart(title, xLabel, yLabel, curves, false), title, curves);
  }

  private static void write(
      Path dir, String baseName, XYChart chart, String title, List<Curve> curves) {
    Path png = dir.resolve(baseName + ".png");
    Path svg = dir.resolve(baseName + ".svg");
    PlotTitle wrapped = PlotTitle.of(title, WIDTH);
    AtomicFiles.write(png, out -> ImageIO.write(image(wrapped, chart), "png", out));
    AtomicFiles.write(
        svg,
        out ->
            out.write(
                SvgRenderer.render(
                    g -> paint(g, wrapped, chart), WIDTH, HEIGHT, title, describe(curves))));
  }

  /** The figure as a bitmap: {@code title} above {@code chart}. */
  static BufferedImage image(PlotTitle title, XYChart chart) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      paint(g, title, chart);
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * Paints the wrapped title in a band at the top and the chart, which has no title of its own
   * (XChart's is one line, see {@link PlotTitle}), in the rest of the figure.
   */
  private static void paint(Graphics2D g, PlotTitle title, XYChart chart) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    title.paint(g, WIDTH);
    Graphics2D below = (Graphics2D) g.create(0, title.height(), WIDTH, HEIGHT - title.height());
    try {
      chart.paint(below, WIDTH, HEIGHT - title.height());
    } finally {
      below.dispose();
    }
  }

  /** What the SVG's {@code <desc>} says: the curves, since XChart draws all text as outlines. */
  private static String describe(List<Curve> curves) {
    StringBuilder sb = new StringBuilder("Curves:");
    for (Curve c : curves) {
      sb.append(' ').append(c.name()).append(c.hasBand() ? " (line with band);" : " (line);");
    }
    return sb.substring(0, sb.length() - 1);
  }

  /** The styled chart with all bands first, then all lines, so no band hides a line. */
  static XYChart chart(String title, String xLabel, String yLabel, List<Curve> curves) {
    return chart(title, xLabel, yLabel, curves, true);
  }

  static XYChart chart(
      String title, String xLabel, String yLabel, List<Curve> curves, boolean log) {
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("a loss plot needs at least one curve");
    }
    Set<String> names = new HashSet<>();
    for (Curve c : curves) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("two curves are named '" + c.name() + "'");
      }
    }
    XYChart chart = new XYChart(WIDTH, HEIGHT);
    chart.setTitle(title);
    chart.getStyler().setChartTitleVisible(false); // drawn by PlotTitle, wrapped
    chart.setXAxisTitle(xLabel);
    chart.setYAxisTitle(yLabel);
    style(chart.getStyler());
    chart.getStyler().setYAxisLogarithmic(log);
    if (!log) {
      // XChart's own choice of pattern per tick writes 0.08 as ".08" next to "0.1".
      chart.getStyler().setYAxisDecimalPattern("0.######");
    }

    // On a linear axis nothing needs raising: clamping to −∞ only turns ±∞ into gaps.
    double floor = log ? LogFloor.of(curves) : Double.NEGATIVE_INFINITY;
    addAxisAnchor(chart, curves, floor);
    int last = curves.stream().mapToInt(Curve::length).max().orElse(1) - 1;
    chart.getStyler().setXAxisTickMarkSpacingHint(tickSpacingHint(last));
    if (log) {
      setDecadeRange(chart.getStyler(), curves, floor);
    }
    int alpha = bandAlpha((int) curves.stream().filter(Curve::hasBand).count());
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      if (c.hasBand()) {
        addBand(chart, c, floor, color(i, alpha));
      }
    }
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      XYSeries line =
          chart.addSeries(c.name(), steps(c.length()), LogFloor.clamp(c.center(), floor));
      line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      line.setMarker(SeriesMarkers.NONE);
      line.setLineColor(color(i, 255));
      line.setLineStyle(stroke(i));
    }
    return chart;
  }

  /**
   * Curve {@code index}'s line: solid for the first round of the palette, dashed for the next (a
   * suite's ten or more curves would otherwise repeat a color), and so on alternately.
   */
  static BasicStroke stroke(int index) {
    return (index / PALETTE.length) % 2 == 0
        ? new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
        : new BasicStroke(
            LINE_WIDTH,
            BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_ROUND,
            10f,
            new float[] {3 * LINE_WIDTH, 2 * LINE_WIDTH},
            0f);
  }

  /** Each band's opacity when {@code bands} are drawn. */
  static int bandAlpha(int bands) {
    return Math.clamp(TOTAL_BAND_ALPHA / Math.max(1, bands), MIN_BAND_ALPHA, MAX_BAND_ALPHA);
  }

  /**
   * Pixels between x ticks that XChart should aim for when the axis runs from step 0 to {@code
   * last}. It rounds (axis span / axis pixels × this) to a spacing of 1, 2 or 5 times a power of
   * ten, so with its usual 90 pixels an axis of a few steps (the inner loop's 5 or 10) got ticks
   * every 0.5 or 0.2 steps. Asking for at least axis pixels / span keeps the spacing at one step or
   * more; capped so that even a narrow axis holds two ticks.
   */
  static int tickSpacingHint(int last) {
    return Math.clamp(WIDTH / Math.max(1, last), 90, WIDTH / 3);
  }

  /**
   * The x axis's tick label: x is a step, so a whole number; any other tick, left only where the
   * axis is a single step long, gets no label.
   */
  static String stepLabel(double x) {
    return x == Math.rint(x) && Double.isFinite(x)
        ? String.format(Locale.ROOT, "%,d", (long) x)
        : "";
  }

  /**
   * An invisible first series at x = 0 and x = T. XChart labels an x axis whose values, in the
   * order the series list them, are equally spaced at every k-th value (0, 3, 6, …); starting the
   * list with the two ends breaks that pattern, so it picks round steps (0, 20, 40, …) instead.
   */
  private static void addAxisAnchor(XYChart chart, List<Curve> curves, double floor) {
    int last = 0;
    double y = Double.isFinite(floor) ? floor : 0;
    for (Curve c : curves) {
      last = Math.max(last, c.length() - 1);
      for (double v : LogFloor.clamp(c.center(), floor)) {
        if (!Double.isNaN(v)) {
          y = v; // any value already in the data leaves the y range unchanged
        }
      }
    }
    XYSeries anchor =
        chart.addSeries(INTERNAL + "axis", new double[] {0, last}, new double[] {y, y});
    anchor.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    anchor.setLineStyle(SeriesLines.NONE);
    anchor.setMarker(SeriesMarkers.NONE);
    anchor.setShowInLegend(false);
  }

  /**
   * Starts the y axis at a power of ten, so its lowest gridline is labelled, and makes it span at
   * least one full decade: XChart labels only powers of ten, and a range such as 2..8 would
   * otherwise show no label at all.
   */
  private static void setDecadeRange(XYStyler s, List<Curve> curves, double floor) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Curve c : curves) {
      for (double[] values :
          c.hasBand() ? List.of(c.center(), c.lower(), c.upper()) : List.of(c.center())) {
        for (double v : LogFloor.clamp(values, floor)) {
          if (!Double.isNaN(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
      }
    }
    if (min > max) {
      return; // nothing finite to draw; XChart's defaults are as good as any
    }
    double bottom = Math.pow(10, Math.floor(Math.log10(min)));
    s.setYAxisMin(bottom);
    if (max < 10 * bottom) {
      s.setYAxisMax(10 * bottom);
    }
  }

  private static void addBand(XYChart chart, Curve c, double floor, Color fill) {
    double[] upper = LogFloor.clamp(c.upper(), floor);
    double[] lower = LogFloor.clamp(c.lower(), floor);
    // Walk the upper edge forward and the lower edge back: one closed outline. Steps where an
    // edge is not finite are left out, so the band bridges them instead of breaking the polygon.
    int[] kept = new int[c.length()];
    int n = 0;
    for (int t = 0; t < c.length(); t++) {
      if (!Double.isNaN(upper[t]) && !Double.isNaN(lower[t])) {
        kept[n++] = t;
      }
    }
    if (n == 0) {
      return;
    }
    double[] xs = new double[2 * n];
    double[] ys = new double[2 * n];
    for (int k = 0; k < n; k++) {
      xs[k] = kept[k];
      ys[k] = upper[kept[k]];
      xs[2 * n - 1 - k] = kept[k];
      ys[2 * n - 1 - k] = lower[kept[k]];
    }
    XYSeries band = chart.addSeries(INTERNAL + "band " + c.name(), xs, ys);
    band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
    band.setMarker(SeriesMarkers.NONE);
    band.setLineStyle(SeriesLines.NONE);
    band.setFillColor(fill);
    band.setLineColor(fill);
    band.setShowInLegend(false);
  }

  private static void style(XYStyler s) {
    s.setYAxisLogarithmic(true);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0x999999));
    s.setPlotGridLinesColor(new Color(0xE4E4E4));
    s.setLegendPosition(LegendPosition.OutsideE);
    s.setLegendBorderColor(Color.WHITE);
    s.setLegendBackgroundColor(Color.WHITE);
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setPlotGridLinesStroke(new BasicStroke(0.8f));
    s.setxAxisTickLabelsFormattingFunction(LossPlot::stepLabel);
    s.setMarkerSize(0);
    s.setAntiAlias(true);
    s.setLocale(Locale.ROOT); // "0.01", never "0,01": plots must not depend on the machine
  }

  private static double[] steps(int n) {
    double[] xs = new double[n];
    for (int t = 0; t < n; t++) {
      xs[t] = t;
    }
    return xs;
  }

  private static Color color(int index, int alpha) {
    int rgb = PALETTE[index % PALETTE.length];
    return new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
  }
}
