package io.learnopt.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Document;

class LossPlotTest {
  static {
    System.setProperty("java.awt.headless", "true"); // before this class touches AWT
  }

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  @Test
  void curvesPastThePaletteAreDashedSoNoTwoLookAlike() {
    assertEquals(null, LossPlot.stroke(0).getDashArray());
    assertEquals(null, LossPlot.stroke(9).getDashArray());
    assertEquals(
        2, LossPlot.stroke(10).getDashArray().length, "the 11th curve: first color, dashed");
    assertEquals(null, LossPlot.stroke(20).getDashArray());
  }

  @Test
  void writesAPngOfTheRequestedSizeAndAnSvgNamingTheCurves() throws Exception {
    List<Curve> curves = List.of(decaying("adam", 0.05), decaying("L2L <lstm> & co", 0.1));
    LossPlot.write(dir, "loss", "Quadratic", "step", "loss", curves);

    byte[] png = Files.readAllBytes(dir.resolve("loss.png"));
    assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8));
    BufferedImage image = ImageIO.read(dir.resolve("loss.png").toFile());
    assertEquals(LossPlot.WIDTH, image.getWidth());
    assertEquals(LossPlot.HEIGHT, image.getHeight());

    Document svg = parseXml(dir.resolve("loss.svg"));
    assertEquals("svg", svg.getDocumentElement().getTagName());
    assertEquals("Quadratic", svg.getElementsByTagName("title").item(0).getTextContent());
    String desc = svg.getElementsByTagName("desc").item(0).getTextContent();
    assertTrue(desc.contains("adam"), desc);
    assertTrue(desc.contains("L2L <lstm> & co"), desc);
    assertEquals(List.of("loss.png", "loss.svg"), listing(dir)); // no temp files left
  }

  @Test
  void drawsZerosNegativesAndNaNsWithoutBreakingTheLogAxis() throws Exception {
    double[] center = {1, 0.1, 0, 0, Double.NaN, 0.01, Double.POSITIVE_INFINITY, 1e-3};
    double[] lower = {0.5, -0.2, -1, 0, 0, Double.NaN, 0, 0};
    double[] upper = {2, 0.4, 0.1, 0, 1, 0.1, 1, 1e-2};
    List<Curve> curves =
        List.of(
            new Curve("with zeros", center, lower, upper),
            Curve.line("all zero", new double[8]),
            Curve.line("single point", new double[] {3}));
    LossPlot.write(dir, "edge", "edge cases", "step", "loss", curves);
    BufferedImage image = ImageIO.read(dir.resolve("edge.png").toFile());
    assertEquals(LossPlot.WIDTH, image.getWidth());
    assertTrue(Files.size(dir.resolve("edge.svg")) > 1000);
  }

  @Test
  void fillsTheBandBetweenLowerAndUpper() {
    int n = 21;
    double[] center = new double[n];
    double[] lower = new double[n];
    double[] upper = new double[n];
    Arrays.fill(center, 1);
    Arrays.fill(lower, 0.5);
    Arrays.fill(upper, 2);
    XYChart chart = LossPlot.chart("t", "x", "y", List.of(new Curve("c", center, lower, upper)));
    BufferedImage image =
        new BufferedImage(LossPlot.WIDTH, LossPlot.HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    chart.paint(g, LossPlot.WIDTH, LossPlot.HEIGHT);
    g.dispose();

    // Down the middle column, the band is a tall run of light blue pixels (blended over white).
    int x = (int) chart.getScreenXFromChart(10);
    int tinted = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      Color p = new Color(image.getRGB(x, y));
      boolean lightBlue = p.getBlue() > p.getRed() + 10 && p.getRed() > 150;
      tinted += lightBlue ? 1 : 0;
    }
    assertTrue(tinted > LossPlot.HEIGHT / 4, "band pixels in the middle column: " + tinted);
    Color corner = new Color(image.getRGB(5, 5));
    assertEquals(Color.WHITE, corner);
  }

  @Test
  void refusesNoCurvesOrDuplicateNames() {
    assertThrows(
        IllegalArgumentException.class, () -> LossPlot.write(dir, "x", "t", "x", "y", List.of()));
    Curve a = Curve.line("a", new double[] {1, 2});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LossPlot.write(dir, "x", "t", "x", "y", List.of(a, a)));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
  }

  @Test
  void curveChecksItsArrays() {
    assertThrows(IllegalArgumentException.class, () -> Curve.line("empty", new double[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Curve("half", new double[2], new double[2], null));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Curve("short", new double[3], new double[2], new double[3]));
    assertTrue(e.getMessage().contains("'short' has 3 center points but 2 lower"), e.getMessage());
  }

  @Test
  void unwritableDirectoryFailsNamingTheFile() throws IOException {
    Path notADir = Files.writeString(dir.resolve("file"), "x");
    LearnoptException e =
        assertThrows(
            LearnoptException.class,
            () ->
                LossPlot.write(
                    notADir, "loss", "t", "x", "y", List.of(Curve.line("a", new double[] {1}))));
    assertTrue(e.getMessage().contains(notADir.resolve("loss.png").toString()), e.getMessage());
  }

  @Test
  void logFloorIsADecadeBelowTheSmallestPositiveValue() {
    List<Curve> curves =
        List.of(
            new Curve("a", new double[] {1, 0}, new double[] {-1, 2e-4}, new double[] {2, 3}),
            Curve.line("b", new double[] {0.5, Double.NaN}));
    assertEquals(2e-5, LogFloor.of(curves), 1e-20);
    assertEquals(LogFloor.DEFAULT, LogFloor.of(List.of(Curve.line("z", new double[] {0, -1}))));
    double[] clamped =
        LogFloor.clamp(new double[] {-3, 0, 5, Double.NaN, Double.NEGATIVE_INFINITY}, 0.1);
    assertArrayEquals(new double[] {0.1, 0.1, 5, Double.NaN, Double.NaN}, clamped);
  }

  @Test
  void xTicksAreWholeStepsForShortAndLongHorizons() throws Exception {
    for (int steps : new int[] {1, 2, 3, 5, 10, 20, 100, 1000}) {
      for (boolean log : new boolean[] {false, true}) {
        double[] y = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
          y[t] = 0.9 - 0.5 * t / steps;
        }
        XYChart chart = LossPlot.chart("t", "step", "y", List.of(Curve.line("a", y)), log);
        List<String> labels = xTickLabels(chart);
        String where = steps + " steps, log=" + log + ": " + labels;
        assertTrue(labels.size() >= 2, where);
        for (String label : labels) {
          // One step is the only axis short enough to keep an unlabelled half-step tick.
          assertTrue(label.matches("\\d{1,3}(,\\d{3})*") || steps == 1 && label.isEmpty(), where);
        }
      }
    }
  }

  @Test
  void bandsGetLighterTheMoreThereAre() {
    assertEquals(50, LossPlot.bandAlpha(2));
    assertTrue(LossPlot.bandAlpha(5) < LossPlot.bandAlpha(2));
    assertTrue(LossPlot.bandAlpha(100) > 0);
    assertEquals(LossPlot.bandAlpha(1), LossPlot.bandAlpha(0));
  }

  @Test
  void linearYTicksHaveTheirLeadingZero() throws Exception {
    double[] y = {Double.NaN, 0.078, 0.2, 0.25, 0.3, 0.362};
    XYChart chart = LossPlot.chart("t", "step", "gate", List.of(Curve.line("a", y)), false);
    List<String> labels = tickLabels(chart, "getYAxis");
    assertTrue(labels.contains("0.1") && labels.contains("0.08"), labels.toString());
    for (String label : labels) {
      assertTrue(label.matches("\\d+(\\.\\d+)?"), labels.toString());
    }
  }

  private static List<String> xTickLabels(XYChart chart) throws Exception {
    return tickLabels(chart, "getXAxis");
  }

  /** An axis's tick labels after painting, read from XChart's internals (no public API). */
  private static List<String> tickLabels(XYChart chart, String axis) throws Exception {
    BufferedImage image =
        new BufferedImage(LossPlot.WIDTH, LossPlot.HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    chart.paint(g, LossPlot.WIDTH, LossPlot.HEIGHT);
    g.dispose();
    Object axisPair = null;
    for (Class<?> c = chart.getClass(); axisPair == null; c = c.getSuperclass()) {
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        if (f.getName().equals("axisPair")) {
          f.setAccessible(true);
          axisPair = f.get(chart);
        }
      }
    }
    Object calculator = invoke(invoke(axisPair, axis), "getAxisTickCalculator");
    @SuppressWarnings("unchecked")
    List<String> labels = (List<String>) invoke(calculator, "getTickLabels");
    return labels.stream().filter(l -> l != null).toList();
  }

  private static Object invoke(Object target, String method) throws Exception {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(method) && m.getParameterCount() == 0) {
          m.setAccessible(true);
          return m.invoke(target);
        }
      }
    }
    throw new NoSuchMethodException(method);
  }

  private static Curve decaying(String name, double rate) {
    int n = 200;
    double[] c = new double[n];
    double[] lo = new double[n];
    double[] hi = new double[n];
    for (int t = 0; t < n; t++) {
      c[t] = 10 * Math.exp(-rate * t) + 1e-3;
      lo[t] = c[t] / 2;
      hi[t] = c[t] * 2;
    }
    return new Curve(name, c, lo, hi);
  }

  private static Document parseXml(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    // The SVG names the W3C DTD; never fetch it (no network, and it is not needed to parse).
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> s = Files.list(directory)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
