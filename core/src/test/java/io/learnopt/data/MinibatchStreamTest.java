package io.learnopt.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.learnopt.tensor.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Seeded minibatches of a small synthetic split whose every image is distinct. */
class MinibatchStreamTest {
  private static final int N = 50;
  private static final int PIXELS = 4;
  private static final int BATCH = 8;

  /** Image i is (i, i + 0.25, i + 0.5, i + 0.75); its label is i mod 10. */
  private static Split split() {
    float[] images = new float[N * PIXELS];
    int[] labels = new int[N];
    for (int i = 0; i < N; i++) {
      for (int p = 0; p < PIXELS; p++) {
        images[i * PIXELS + p] = i + p / 4f;
      }
      labels[i] = i % 10;
    }
    return new Split(images, labels, PIXELS);
  }

  /** The first {@code steps} batches' images and labels, concatenated. */
  private static float[] firstBatches(long seed, int steps) {
    MinibatchStream stream = split().minibatches(BATCH, new Rng(seed));
    float[] images = new float[BATCH * PIXELS];
    int[] labels = new int[BATCH];
    float[] all = new float[steps * BATCH * PIXELS];
    for (int s = 0; s < steps; s++) {
      stream.next(images, labels);
      System.arraycopy(images, 0, all, s * images.length, images.length);
    }
    return all;
  }

  @Test
  void isDeterministicForASeedAndDiffersForAnother() {
    assertArrayEquals(firstBatches(1, 5), firstBatches(1, 5));
    assertFalse(Arrays.equals(firstBatches(1, 5), firstBatches(2, 5)));
  }

  @Test
  void copiesWholeExamplesWithTheirLabels() {
    MinibatchStream stream = split().minibatches(BATCH, new Rng(3));
    float[] images = new float[BATCH * PIXELS];
    int[] labels = new int[BATCH];
    for (int s = 0; s < 20; s++) {
      stream.next(images, labels);
      for (int j = 0; j < BATCH; j++) {
        int i = (int) images[j * PIXELS];
        assertEquals(i % 10, labels[j]);
        for (int p = 0; p < PIXELS; p++) {
          assertEquals(i + p / 4f, images[j * PIXELS + p]);
        }
      }
    }
  }

  @Test
  void batchOfAStepIsRandomAccess() {
    MinibatchStream stream = split().minibatches(BATCH, new Rng(4));
    float[] sequential = new float[BATCH * PIXELS];
    float[] direct = new float[BATCH * PIXELS];
    int[] labels = new int[BATCH];
    for (int s = 0; s < 3; s++) {
      stream.next(sequential, labels);
    }
    stream.batch(2, direct, labels);
    assertArrayEquals(sequential, direct);
    assertEquals(3, stream.nextStep());
  }

  @Test
  void rejectsBuffersOfTheWrongLength() {
    MinibatchStream stream = split().minibatches(BATCH, new Rng(5));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> stream.next(new float[BATCH * PIXELS - 1], new int[BATCH]));
    assertEquals(
        "minibatch buffers must hold 8 images of 4 pixels and 8 labels, got 31 and 8",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> split().minibatches(0, new Rng(5)));
  }
}
