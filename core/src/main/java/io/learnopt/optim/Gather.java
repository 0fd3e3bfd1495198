package io.learnopt.optim;

/** Copies between a vector and the sub-vector of some of its coordinates. */
public final class Gather {
  private Gather() {}

  /** {@code out[k] = from[indices[k]]}. */
  public static void into(float[] from, int[] indices, float[] out) {
    for (int k = 0; k < indices.length; k++) {
      out[k] = from[indices[k]];
    }
  }

  /** {@code to[indices[k]] = part[k]}. */
  public static void scatter(float[] part, int[] indices, float[] to) {
    for (int k = 0; k < indices.length; k++) {
      to[indices[k]] = part[k];
    }
  }

  /** {@code to[indices[k]] += part[k]}. */
  public static void scatterAdd(float[] part, int[] indices, float[] to) {
    for (int k = 0; k < indices.length; k++) {
      to[indices[k]] += part[k];
    }
  }
}
