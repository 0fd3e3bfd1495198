package io.learnopt.data;

import io.learnopt.tensor.Rng;

/**
 * Seeded minibatches of a {@link Split}: each batch is {@code batchSize} examples drawn uniformly
 * <em>with replacement</em>, as the L2L paper's MNIST task does (Andrychowicz et al. 2016, §3.2:
 * its {@code problems.py} gathers {@code tf.random_uniform([batch_size], 0, num_examples)} indices
 * at every step).
 *
 * <p>Why with replacement rather than shuffled epochs: batch {@code t} depends only on the stream's
 * key and {@code t}, so {@link #batch(long, float[], int[])} is random access. A {@code Task} is
 * asked for "the minibatch of step t" and may ask again for the same step (for example for a
 * Hessian-vector product on the same minibatch); shuffled epochs would have to keep or recompute a
 * 60,000-entry permutation to answer that. The cost of a batch is {@code batchSize} index draws and
 * row copies into the caller's buffers; nothing else is allocated beyond a small {@link Rng} per
 * batch, which the JIT normally eliminates.
 *
 * <p>Not thread-safe if {@link #next} is used (it advances a step counter); {@link #batch} itself
 * keeps no state and may be called from several threads with their own buffers.
 */
public final class MinibatchStream {
  private final Split split;
  private final int batchSize;
  private final long key;
  private long nextStep;

  /**
   * Batches of {@code batchSize} examples of {@code split}; draws one {@code long} from {@code rng}
   * as the stream's key, so equal {@code rng} states give equal streams.
   *
   * @throws IllegalArgumentException if {@code batchSize} is not positive
   */
  public MinibatchStream(Split split, int batchSize, Rng rng) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    this.split = split;
    this.batchSize = batchSize;
    this.key = rng.nextLong();
  }

  /** Examples per batch. */
  public int batchSize() {
    return batchSize;
  }

  /** The step {@link #next} fills next: 0 at first. */
  public long nextStep() {
    return nextStep;
  }

  /** Fills the batch of step {@link #nextStep()} (see {@link #batch}) and advances the step. */
  public void next(float[] images, int[] labels) {
    batch(nextStep, images, labels);
    nextStep++;
  }

  /**
   * Fills {@code images} (row-major, {@code batchSize × pixels}) and {@code labels} ({@code
   * batchSize}) with the batch of step {@code step}; the same step always gives the same batch.
   *
   * @throws IllegalArgumentException if a buffer has the wrong length
   */
  public void batch(long step, float[] images, int[] labels) {
    int pixels = split.pixels();
    if (images.length != batchSize * pixels || labels.length != batchSize) {
      throw new IllegalArgumentException(
          "minibatch buffers must hold "
              + batchSize
              + " images of "
              + pixels
              + " pixels and "
              + batchSize
              + " labels, got "
              + images.length
              + " and "
              + labels.length);
    }
    float[] source = split.images();
    int[] sourceLabels = split.labels();
    Rng rng = Rng.forKey(key, step);
    for (int j = 0; j < batchSize; j++) {
      int i = rng.nextInt(split.size());
      System.arraycopy(source, i * pixels, images, j * pixels, pixels);
      labels[j] = sourceLabels[i];
    }
  }
}
