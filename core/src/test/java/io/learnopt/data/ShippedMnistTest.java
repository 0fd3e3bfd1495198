package io.learnopt.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The MNIST files shipped in {@code data/mnist/}: checksums, sizes and known first labels. */
class ShippedMnistTest {

  @Test
  void loadsSixtyThousandTrainingAndTenThousandTestImages() {
    long start = System.nanoTime();
    Mnist mnist = Mnist.shipped();
    System.out.printf("MNIST loaded in %.2f s%n", (System.nanoTime() - start) / 1e9);

    Split train = mnist.train();
    Split test = mnist.test();
    assertEquals(60_000, train.size());
    assertEquals(10_000, test.size());
    assertEquals(60_000 * 784, train.images().length);
    assertEquals(10_000 * 784, test.images().length);
    // The first labels of each split, as every MNIST reader prints them.
    assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(train.labels(), 10));
    assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test.labels(), 10));
    for (Split split : new Split[] {train, test}) {
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (float v : split.images()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assertEquals(0f, min);
      assertEquals(1f, max);
    }
    assertSame(mnist, Mnist.shipped(), "a second load in the same JVM is the cached copy");
  }
}
