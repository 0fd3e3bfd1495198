package io.learnopt.data;

import io.learnopt.tensor.Rng;

/**
 * A set of labelled images, e.g. MNIST's 60,000 training examples: the images flattened row-major
 * into one {@code float[size × pixels]}, pixel values in [0, 1], and one class label per image.
 *
 * <p>The arrays are shared, not copied — {@link Mnist} caches one copy per JVM and every task reads
 * it — so never write to them; copy minibatches out with a {@link MinibatchStream}.
 */
public final class Split {
  private final float[] images;
  private final int[] labels;
  private final int pixels;

  /**
   * A split of {@code labels.length} images of {@code pixels} values each.
   *
   * @throws IllegalArgumentException if {@code images.length != labels.length * pixels}
   */
  public Split(float[] images, int[] labels, int pixels) {
    if (pixels <= 0 || images.length != (long) labels.length * pixels) {
      throw new IllegalArgumentException(
          "images has "
              + images.length
              + " values but "
              + labels.length
              + " labels of images of "
              + pixels
              + " pixels need "
              + (long) labels.length * pixels);
    }
    this.images = images;
    this.labels = labels;
    this.pixels = pixels;
  }

  /** The number of examples. */
  public int size() {
    return labels.length;
  }

  /** Values per image: 784 (28 × 28) for MNIST. */
  public int pixels() {
    return pixels;
  }

  /** Image {@code i} is {@code images()[i * pixels() .. (i + 1) * pixels())}; do not modify. */
  public float[] images() {
    return images;
  }

  /** The class of each image (0..9 for MNIST); do not modify. */
  public int[] labels() {
    return labels;
  }

  /** Minibatches of {@code batchSize} examples drawn with a key taken from {@code rng}. */
  public MinibatchStream minibatches(int batchSize, Rng rng) {
    return new MinibatchStream(this, batchSize, rng);
  }
}
