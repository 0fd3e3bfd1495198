package io.learnopt.data.omniglot;

import io.learnopt.LearnoptException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one Omniglot drawing, a 105 × 105 PNG of black strokes on white, into 28 × 28 floats with
 * ink 1 and background 0 (MNIST's polarity, so models and plots treat both alike), downsampled by
 * {@link AreaAverage}. A pixel is ink if its grey level is below one half; the drawings are binary,
 * so this only matters for a grey PNG someone substituted.
 */
final class DrawingPng {
  private DrawingPng() {}

  /**
   * The downsampled drawing in {@code png}, the bytes of entry {@code entry} of {@code zip}.
   *
   * @throws LearnoptException naming the zip and entry, ending in {@code fix}, if the bytes are not
   *     a readable PNG or the image is not 105 × 105
   */
  static float[] decode(byte[] png, Path zip, String entry, String fix) {
    String where = zip + ": entry " + entry;
    int side = AreaAverage.SOURCE;
    // From memory (nothing to close), not ImageIO.read(InputStream), which may buffer through a
    // temporary file.
    ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png));
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw new LearnoptException(
          where + " is not a PNG or any image format the JDK reads; " + fix);
    }
    ImageReader reader = readers.next();
    int width;
    int height;
    BufferedImage image;
    try {
      reader.setInput(in, true, true);
      width = reader.getWidth(0);
      height = reader.getHeight(0);
      // The size comes from the header, so a damaged one cannot make us decode gigapixels.
      image = width == side && height == side ? reader.read(0) : null;
    } catch (IOException | RuntimeException e) {
      // The PNG reader throws IIOException, and may throw unchecked exceptions on malformed data.
      throw new LearnoptException(
          where + " is not a readable PNG (" + e.getMessage() + "); " + fix, e);
    } finally {
      reader.dispose();
    }
    if (image == null) {
      throw new LearnoptException(
          where
              + " is "
              + width
              + " × "
              + height
              + " pixels, but Omniglot drawings are "
              + side
              + " × "
              + side
              + "; "
              + fix);
    }
    int[] rgb = image.getRGB(0, 0, side, side, null, 0, side);
    boolean[] ink = new boolean[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      ink[i] = (rgb[i] & 0xff) < 128; // blue channel; a grey pixel has r = g = b
    }
    return AreaAverage.downsample(ink);
  }
}
