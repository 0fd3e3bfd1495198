package io.learnopt.data.art;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import io.learnopt.tensor.Rng;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Decoding, encoding and area-average resampling of images. */
class RgbImageTest {
  private static RgbImage random(int h, int w, long seed) {
    float[] chw = new float[3 * h * w];
    new Rng(seed).fillUniform(chw, 0f, 1f);
    return new RgbImage("r", h, w, chw);
  }

  @Test
  void halvingAveragesEachTwoByTwoBlock() {
    RgbImage image = random(6, 8, 1);
    RgbImage half = image.crop(2, 0, 6, 3);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 3; x++) {
          double sum = 0;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              sum += image.chw()[(c * 6 + 2 * y + dy) * 8 + 2 + 2 * x + dx];
            }
          }
          assertEquals(sum / 4, half.chw()[(c * 3 + y) * 3 + x], 1e-6);
        }
      }
    }
  }

  @Test
  void aFractionalResampleKeepsTheMeanAndConstantsStayConstant() {
    RgbImage image = random(7, 7, 2);
    RgbImage small = image.crop(0, 0, 7, 3); // 7/3 source pixels per output pixel
    for (int c = 0; c < 3; c++) {
      double in = 0;
      for (int i = 0; i < 49; i++) {
        in += image.chw()[c * 49 + i];
      }
      double out = 0;
      for (int i = 0; i < 9; i++) {
        out += small.chw()[c * 9 + i];
      }
      assertEquals(in / 49, out / 9, 1e-5);
    }
    float[] grey = new float[3 * 5 * 5];
    java.util.Arrays.fill(grey, 0.3f);
    RgbImage up = new RgbImage("g", 5, 5, grey).crop(0.5, 1.25, 3.5, 7);
    for (float v : up.chw()) {
      assertEquals(0.3f, v, 1e-6f);
    }
  }

  @Test
  void aWindowOutsideTheImageIsRefused() {
    RgbImage image = random(4, 4, 3);
    assertThrows(IllegalArgumentException.class, () -> image.crop(1, 0, 4, 2));
  }

  @Test
  void pngRoundTripsToEightBits() {
    RgbImage image = random(5, 6, 4);
    RgbImage back = RgbImage.decode(Path.of("x.png"), image.png());
    assertEquals(5, back.height());
    assertEquals(6, back.width());
    for (int i = 0; i < image.chw().length; i++) {
      assertEquals(Math.round(image.chw()[i] * 255) / 255f, back.chw()[i], 1e-6f);
    }
  }

  @Test
  void bytesThatAreNoImageAreAClearError() {
    LearnoptException e =
        assertThrows(
            LearnoptException.class,
            () -> RgbImage.decode(Path.of("notes.png"), "hello".getBytes()));
    assertTrue(e.getMessage().contains("notes.png"), e.getMessage());
  }

  @Test
  void theShippedImagesLoadVerified() {
    ArtImages images = ArtImages.load(null);
    assertEquals(11, images.content().size());
    assertEquals(
        java.util.List.of("elephants", "wood"),
        images.styles().stream().map(RgbImage::name).toList());
    RgbImage elephants = images.style("elephants");
    assertEquals(256, elephants.height());
    assertArrayEquals(new int[] {256, 256}, new int[] {elephants.width(), elephants.height()});
    LearnoptException e = assertThrows(LearnoptException.class, () -> images.style("monet"));
    assertTrue(e.getMessage().contains("[elephants, wood]"), e.getMessage());
  }
}
