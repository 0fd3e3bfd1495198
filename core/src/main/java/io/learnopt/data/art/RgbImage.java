package io.learnopt.data.art;

import io.learnopt.LearnoptException;
import io.learnopt.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An RGB image as floats in [0, 1], channel-major (C×H×W, the layout conv layers read).
 *
 * @param name what to call it in messages and files
 * @param height rows
 * @param width columns
 * @param chw 3·height·width values: the red plane, then green, then blue
 */
public record RgbImage(String name, int height, int width, float[] chw) {
  /** Checks the sizes. */
  public RgbImage {
    if (height < 1 || width < 1 || chw.length != 3L * height * width) {
      throw new IllegalArgumentException(
          name + ": " + chw.length + " values for a 3×" + height + "×" + width + " image");
    }
  }

  /** Decodes a PNG, JPEG or other format ImageIO reads; {@code file} names it in errors. */
  public static RgbImage decode(Path file, byte[] bytes) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new LearnoptException(file + ": not a readable image: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new LearnoptException(
          file + ": not an image this JVM can read (use PNG or JPEG files)");
    }
    int h = image.getHeight();
    int w = image.getWidth();
    float[] chw = new float[3 * h * w];
    int plane = h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        chw[y * w + x] = ((rgb >> 16) & 0xff) / 255f;
        chw[plane + y * w + x] = ((rgb >> 8) & 0xff) / 255f;
        chw[2 * plane + y * w + x] = (rgb & 0xff) / 255f;
      }
    }
    String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return new RgbImage(name, h, w, chw);
  }

  /**
   * The square of side {@code side} at column {@code x0}, row {@code y0} (fractional: any real
   * window inside the image), resampled to {@code size × size} by exact area averaging (each output
   * pixel is the mean of the source area it covers).
   */
  public RgbImage crop(double x0, double y0, double side, int size) {
    if (side <= 0 || x0 < 0 || y0 < 0 || x0 + side > width + 1e-9 || y0 + side > height + 1e-9) {
      throw new IllegalArgumentException(
          name + ": window " + x0 + "," + y0 + " of side " + side + " leaves the image");
    }
    double[][] wx = AreaWeights.of(x0, side, size, width);
    double[][] wy = AreaWeights.of(y0, side, size, height);
    int[] firstX = AreaWeights.first(x0, side, size);
    int[] firstY = AreaWeights.first(y0, side, size);
    float[] out = new float[3 * size * size];
    for (int c = 0; c < 3; c++) {
      int in = c * height * width;
      for (int oy = 0; oy < size; oy++) {
        for (int ox = 0; ox < size; ox++) {
          double sum = 0;
          for (int j = 0; j < wy[oy].length; j++) {
            int row = in + (firstY[oy] + j) * width + firstX[ox];
            double rowSum = 0;
            for (int i = 0; i < wx[ox].length; i++) {
              rowSum += wx[ox][i] * chw[row + i];
            }
            sum += wy[oy][j] * rowSum;
          }
          out[(c * size + oy) * size + ox] = (float) sum;
        }
      }
    }
    return new RgbImage(name, size, size, out);
  }

  /** The centre square, resampled to {@code size × size}. */
  public RgbImage centre(int size) {
    int side = Math.min(width, height);
    return crop((width - side) / 2.0, (height - side) / 2.0, side, size);
  }

  /** Encodes it as PNG, each value clamped to [0, 1]. */
  public byte[] png() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        image.setRGB(
            x, y, (byte8(chw[i]) << 16) | (byte8(chw[plane + i]) << 8) | byte8(chw[2 * plane + i]));
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new IllegalStateException("PNG encoding to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** Writes {@link #png()} to {@code file}, atomically. */
  public void writePng(Path file) {
    AtomicFiles.write(file, png());
  }

  private static int byte8(float v) {
    return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
  }
}
