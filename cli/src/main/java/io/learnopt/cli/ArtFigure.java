package io.learnopt.cli;

import io.learnopt.data.art.RgbImage;
import io.learnopt.eval.Comparison;
import io.learnopt.eval.Contender;
import io.learnopt.eval.TaskSeeds;
import io.learnopt.io.AtomicFiles;
import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;
import io.learnopt.problem.NeuralArtProblem;
import io.learnopt.problem.NeuralArtTask;
import io.learnopt.problem.Problem;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The images of a neural-art comparison (the paper's Figs. 6–7): the first test task's image after
 * 0 … T steps of each optimizer at its chosen learning rate, one row per optimizer, written as
 * {@code images.png} in the run directory and listed in its results.json for the report.
 */
final class ArtFigure {
  static final String FILE = "images.png";

  private static final int HEADER = 18;
  private static final int GAP = 4;

  private ArtFigure() {}

  /** Writes the figure if {@code problem} is neural art; does nothing otherwise. */
  static void writeIfArt(
      Problem problem, List<Contender> contenders, Comparison.Result result, Path dir, long seed) {
    if (!(problem instanceof NeuralArtProblem)) {
      return;
    }
    NeuralArtTask task = (NeuralArtTask) problem.sample(TaskSeeds.TEST.seeds(seed, 0, 1)[0]);
    int steps = result.steps();
    int[] shown = {0, steps / 8, steps / 4, steps / 2, steps};
    List<String> names = new ArrayList<>();
    List<List<RgbImage>> rows = new ArrayList<>();
    for (Comparison.Entry entry : result.entries()) {
      Optimizer optimizer = optimizer(entry, contenders);
      if (optimizer == null) {
        continue;
      }
      names.add(
          entry.learningRate() == null || entry.name().contains(":")
              ? entry.name()
              : String.format(Locale.ROOT, "%s (%.2g)", entry.name(), entry.learningRate()));
      rows.add(run(task, optimizer, shown));
    }
    AtomicFiles.write(dir.resolve(FILE), grid(names, rows, shown));
    ResultFiles.addExtraPlot(dir, FILE);
  }

  private static Optimizer optimizer(Comparison.Entry entry, List<Contender> contenders) {
    for (Contender c : contenders) {
      if (c.name().equals(entry.name())) {
        if (c instanceof Contender.Fixed fixed) {
          return fixed.optimizer();
        }
        return entry.learningRate() == null
            ? null
            : Optimizers.withLearningRate(c.name(), entry.learningRate());
      }
    }
    return null;
  }

  /** The task's image at each step in {@code shown} (ascending) under {@code optimizer}. */
  static List<RgbImage> run(NeuralArtTask task, Optimizer optimizer, int[] shown) {
    float[] theta = task.initialParams();
    float[] grad = new float[theta.length];
    float[] update = new float[theta.length];
    Optimizer.State state = optimizer.init(task.groups());
    List<RgbImage> images = new ArrayList<>();
    int next = 0;
    for (int t = 0; next < shown.length; t++) {
      if (t == shown[next]) {
        images.add(task.image(theta));
        next++;
        if (next == shown.length) {
          break;
        }
      }
      float loss = task.lossAndGradient(theta, t, grad);
      optimizer.update(grad, theta, loss, state, update);
      for (int i = 0; i < theta.length; i++) {
        theta[i] += update[i];
      }
    }
    return images;
  }

  /** One row per optimizer, its name on the left, the step above each column; PNG bytes. */
  static byte[] grid(List<String> names, List<List<RgbImage>> rows, int[] shown) {
    int side = rows.isEmpty() ? 1 : rows.get(0).get(0).width();
    int scale = Math.max(1, 128 / side);
    int cell = side * scale;
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    int label = labelWidth(names, font);
    int width = label + shown.length * (cell + GAP);
    int height = HEADER + rows.size() * (cell + GAP);
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setColor(Color.BLACK);
      g.setFont(font);
      for (int c = 0; c < shown.length; c++) {
        g.drawString("step " + shown[c], label + c * (cell + GAP), HEADER - 5);
      }
      for (int r = 0; r < rows.size(); r++) {
        int y = HEADER + r * (cell + GAP);
        g.drawString(names.get(r), 4, y + cell / 2);
        for (int c = 0; c < rows.get(r).size(); c++) {
          g.drawImage(decode(rows.get(r).get(c)), label + c * (cell + GAP), y, cell, cell, null);
        }
      }
    } finally {
      g.dispose();
    }
    return pngOf(out);
  }

  /** The widest name in {@code font}, plus margins. */
  private static int labelWidth(List<String> names, Font font) {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      int widest = 0;
      for (String n : names) {
        widest = Math.max(widest, g.getFontMetrics(font).stringWidth(n));
      }
      return widest + 12;
    } finally {
      g.dispose();
    }
  }

  private static BufferedImage decode(RgbImage image) {
    try {
      return ImageIO.read(new ByteArrayInputStream(image.png()));
    } catch (IOException e) {
      throw new IllegalStateException("decoding a PNG made in memory failed", e);
    }
  }

  private static byte[] pngOf(BufferedImage image) {
    var bytes = new java.io.ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new IllegalStateException("PNG encoding to memory failed", e);
    }
    return bytes.toByteArray();
  }
}
