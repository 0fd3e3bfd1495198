package io.learnopt.data;

import java.util.Arrays;

/**
 * The contents of an IDX file of unsigned bytes: its dimensions and its elements in row-major order
 * (read each one as {@code data[i] & 0xff}). The arrays are shared, not copied.
 *
 * @param dims the dimensions, each ≥ 1, e.g. {@code [60000, 28, 28]} for MNIST training images
 * @param data the elements; length is the product of {@code dims}
 */
public record IdxArray(int[] dims, byte[] data) {

  /** The dimensions only: the data can be tens of megabytes. */
  @Override
  public String toString() {
    return "IdxArray" + Arrays.toString(dims);
  }
}
