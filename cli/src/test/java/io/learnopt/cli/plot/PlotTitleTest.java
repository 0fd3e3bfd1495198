package io.learnopt.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTitleTest {
  static {
    System.setProperty("java.awt.headless", "true"); // before this class touches AWT
  }

  private static final String LONG =
      "mnist-mlp:hidden=20,20,act=sigmoid,batch=128,data=/some/long/directory/of/mnist/files:"
          + " mean loss over 100 test tasks (bands: 95% CI of the mean, learned optimizer and"
          + " best baseline)";

  @TempDir Path dir;

  @Test
  void aShortTitleStaysOnOneLine() {
    assertEquals(
        List.of("quadratic: mean loss"), PlotTitle.of("quadratic: mean loss", 900).lines());
  }

  @Test
  void aLongTitleWrapsIntoLinesThatFitAndKeepEveryCharacter() {
    List<String> lines = PlotTitle.of(LONG, 900).lines();
    assertTrue(lines.size() > 1, lines.toString());
    for (String line : lines) {
      assertTrue(PlotTitle.width(line) <= 900 - 2 * PlotTitle.MARGIN, line);
    }
    assertEquals(LONG.replace(" ", ""), String.join("", lines).replace(" ", ""));
  }

  @Test
  void aWordWiderThanTheFigureIsCutAfterPunctuation() {
    List<String> lines = PlotTitle.of(LONG, 300).lines();
    assertTrue(lines.getFirst().matches(".*[,:=/]"), lines.toString());
    for (String line : lines) {
      assertTrue(PlotTitle.width(line) <= 300 - 2 * PlotTitle.MARGIN, line);
    }
  }

  @Test
  void beyondThreeLinesTheLastEndsInAnEllipsis() {
    List<String> lines = PlotTitle.of(LONG.repeat(4), 900).lines();
    assertEquals(PlotTitle.MAX_LINES, lines.size());
    assertTrue(lines.getLast().endsWith("…"), lines.getLast());
  }

  @Test
  void theTitleOfAWrittenPlotStaysInsideTheImage() throws Exception {
    double[] loss = {1, 0.5, 0.25};
    LossPlot.write(dir, "loss", LONG, "step", "loss", List.of(Curve.line("sgd", loss)));
    BufferedImage image = ImageIO.read(dir.resolve("loss.png").toFile());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x : new int[] {0, 1, image.getWidth() - 2, image.getWidth() - 1}) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        assertEquals(0xffffff, rgb, "ink at the edge, x=" + x + " y=" + y);
      }
    }
  }
}
