package io.learnopt.io;

import java.util.Arrays;

/**
 * A named tensor's contents as stored in a file: row-major float32 {@code data} of the given {@code
 * shape} (empty shape = scalar). The arrays are shared, not copied — checkpoints of large models
 * should not double their memory — so do not modify them while the tensor is in use.
 *
 * @param data the elements in row-major order; length is the product of {@code shape}
 * @param shape the dimensions, each ≥ 0
 */
public record FloatTensor(float[] data, int[] shape) {
  /** Checks that {@code data} has exactly as many elements as {@code shape} describes. */
  public FloatTensor {
    if (data == null || shape == null) {
      throw new IllegalArgumentException("tensor data and shape must not be null");
    }
    // Saturate at 2^32 (more than any array holds) so that huge shapes cannot overflow a long;
    // a zero dimension still makes the count zero.
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "negative dimension in shape " + Arrays.toString(shape) + "; dimensions must be ≥ 0");
      }
      count = Math.min(count * d, 1L << 32);
    }
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + (count >= 1L << 32 ? "over 2^32" : String.valueOf(count))
              + " elements but data has "
              + data.length);
    }
  }

  /** A tensor of the given shape; with no dimensions given, a 1-d vector of all of {@code data}. */
  public static FloatTensor of(float[] data, int... shape) {
    return new FloatTensor(data, shape.length == 0 ? new int[] {data.length} : shape);
  }

  /** Shape and contents are equal (the record default would compare array identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  /** The shape only: the data can be millions of numbers. */
  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
