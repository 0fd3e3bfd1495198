package io.learnopt.learned;

import io.learnopt.tensor.MatrixView;

/**
 * How N coordinates are cut into blocks, and where a block's rows sit in a block-major buffer.
 *
 * <p>Coordinates are padded to a multiple of {@link LstmKernels#LANES} and cut into blocks of
 * {@link #BLOCK} (one narrower block if there are fewer; the last block may be narrower). A buffer
 * with R rows per slot keeps, for each slot and block, one contiguous chunk of R rows × {@link
 * #stride()} coordinates, feature-major inside the chunk: the kernels see row stride {@code
 * stride()}. A block's step is then a few contiguous streams, which the hardware prefetcher
 * follows, instead of R rows a whole coordinate count apart.
 *
 * @param coordinates real (unpadded) coordinates
 * @param padded coordinates the kernels compute: {@code coordinates} padded to {@link
 *     LstmKernels#LANES}
 * @param stride coordinates per chunk, the row stride the kernels see: {@link #BLOCK}, or {@code
 *     padded} if that is less
 * @param count number of blocks
 */
record BlockLayout(int coordinates, int padded, int stride, int count) {
  /** Coordinates per block: 256 × 80 gate rows × 4 bytes = 80 KB of pre-activations, in L2. */
  static final int BLOCK = 256;

  /** The blocks of {@code coordinates} coordinates. */
  static BlockLayout of(int coordinates) {
    int padded = LstmKernels.padded(coordinates);
    return new BlockLayout(
        coordinates, padded, Math.min(BLOCK, padded), (padded + BLOCK - 1) / BLOCK);
  }

  /** {@code count × stride}: the floats of a one-row slot. */
  int total() {
    return count * stride;
  }

  /** The first coordinate of block k. */
  int first(int k) {
    return k * stride;
  }

  /** Computed coordinates in block k (the last block may be narrower). */
  int width(int k) {
    return Math.min(stride, padded - k * stride);
  }

  /** Real coordinates in block k: its width without the padding. */
  int realWidth(int k) {
    return Math.max(0, Math.min(width(k), coordinates - first(k)));
  }

  /** Where block k's chunk of slot {@code slot} starts, in a buffer with {@code rows} rows. */
  int chunk(int slot, int rows, int k) {
    return (slot * count + k) * rows * stride;
  }

  /** Block k's chunk of slot {@code slot} in {@code buffer} (of {@code rows} rows per slot). */
  MatrixView view(float[] buffer, int slot, int rows, int k) {
    return new MatrixView(buffer, chunk(slot, rows, k), stride);
  }
}
