package io.learnopt.data.omniglot;

/**
 * Rotation of a square row-major image by quarter turns counter-clockwise, as {@code numpy.rot90}:
 * one turn maps {@code in[r][c]} to {@code out[side − 1 − c][r]}. Quarter turns of the pixel grid
 * are exact permutations, so rotating the 28 × 28 image equals downsampling the rotated drawing.
 */
final class Rotation {
  private Rotation() {}

  /**
   * Writes {@code image} ({@code side × side}) turned {@code quarterTurns} (0..3) times into {@code
   * out} starting at {@code offset}.
   */
  static void rotate(float[] image, int side, int quarterTurns, float[] out, int offset) {
    if (image.length != side * side || quarterTurns < 0 || quarterTurns > 3) {
      throw new IllegalArgumentException(
          "need a "
              + side
              + " × "
              + side
              + " image and 0..3 turns, got "
              + image.length
              + " pixels and "
              + quarterTurns
              + " turns");
    }
    int last = side - 1;
    for (int r = 0; r < side; r++) {
      for (int c = 0; c < side; c++) {
        // out[r][c] takes the pixel that the turns move to (r, c).
        int source =
            switch (quarterTurns) {
              case 0 -> r * side + c;
              case 1 -> c * side + (last - r);
              case 2 -> (last - r) * side + (last - c);
              default -> (last - c) * side + r;
            };
        out[offset + r * side + c] = image[source];
      }
    }
  }
}
