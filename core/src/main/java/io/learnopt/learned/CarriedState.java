package io.learnopt.learned;

import java.util.Arrays;

/**
 * The LSTM state that truncated BPTT carries from one unroll to the next: per layer, h and c in
 * slot 0 of the {@link Activations}. Resets it (a new task), moves the state after the last step
 * into it (the next unroll), and copies it to and from a plain feature-major array (what {@link
 * RecomputingTrajectory} keeps of an unroll).
 */
final class CarriedState {
  private final Activations a;
  private final BlockLayout blocks;
  private final int layers;
  private final int hidden;

  CarriedState(Activations activations, LstmOptimizerConfig config) {
    this.a = activations;
    this.blocks = activations.blocks;
    this.layers = config.layers();
    this.hidden = config.hidden();
  }

  /** Zeroes h and c of every layer (the start of a new task). */
  void reset() {
    for (int l = 0; l < layers; l++) {
      for (int k = 0; k < blocks.count(); k++) {
        int h = a.hiddenOffset(l, 0, k);
        Arrays.fill(a.in[l], h, h + hidden * blocks.stride(), 0f);
      }
      Arrays.fill(a.cells[l], 0, hidden * blocks.total(), 0f);
    }
  }

  /** Moves the state in slot {@code slot} (after step slot − 1) into slot 0, for every block. */
  void carry(int slot) {
    for (int k = 0; k < blocks.count(); k++) {
      carry(slot, k);
    }
  }

  /** Moves the state in slot {@code slot} into slot 0 for block k. */
  void carry(int slot, int k) {
    int rows = hidden * blocks.stride();
    for (int l = 0; l < layers; l++) {
      // A block's hidden rows are one contiguous run of its chunk, as are its cell rows.
      System.arraycopy(a.in[l], a.hiddenOffset(l, slot, k), a.in[l], a.hiddenOffset(l, 0, k), rows);
      System.arraycopy(a.cells[l], a.cellOffset(slot, k), a.cells[l], a.cellOffset(0, k), rows);
    }
  }

  /**
   * Copies the state in slot 0 into {@code dst} (feature-major, row stride {@code padded}): per
   * layer, its H hidden rows, then its H cell rows.
   */
  void save(float[] dst) {
    copy(dst, blocks.padded(), 0, true);
  }

  /**
   * Sets the state in slot 0 to columns [b0, b0 + padded) of a state saved by {@link #save} from a
   * store with row stride {@code srcStride}.
   */
  void load(float[] src, int srcStride, int b0) {
    copy(src, srcStride, b0, false);
  }

  /**
   * Copies slot 0's state to ({@code save}) or from a feature-major array {@code state}, row stride
   * {@code rowStride}, columns [b0, b0 + padded).
   */
  private void copy(float[] state, int rowStride, int b0, boolean save) {
    for (int l = 0; l < layers; l++) {
      for (int k = 0; k < blocks.count(); k++) {
        int h = a.hiddenOffset(l, 0, k);
        int c = a.cellOffset(0, k);
        int width = blocks.width(k);
        for (int j = 0; j < hidden; j++) {
          int row = (2 * l * hidden + j) * rowStride + b0 + blocks.first(k);
          int ours = j * blocks.stride();
          copy(save, state, row, a.in[l], h + ours, width);
          copy(save, state, row + hidden * rowStride, a.cells[l], c + ours, width);
        }
      }
    }
  }

  /** Copies {@code n} floats from {@code ours} to {@code theirs} if {@code save}, else back. */
  private static void copy(
      boolean save, float[] theirs, int theirOff, float[] ours, int ourOff, int n) {
    if (save) {
      System.arraycopy(ours, ourOff, theirs, theirOff, n);
    } else {
      System.arraycopy(theirs, theirOff, ours, ourOff, n);
    }
  }
}
