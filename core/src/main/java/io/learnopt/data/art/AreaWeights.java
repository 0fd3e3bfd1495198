package io.learnopt.data.art;

/**
 * One axis of exact area-average resampling: output pixel o of {@code size} covers the source
 * interval [start + o·s, start + (o+1)·s) with s = side/size; its weights are the overlaps of that
 * interval with source pixels [i, i+1), divided by s, so they sum to 1.
 */
final class AreaWeights {
  private AreaWeights() {}

  /** The first source pixel each output pixel overlaps. */
  static int[] first(double start, double side, int size) {
    double s = side / size;
    int[] first = new int[size];
    for (int o = 0; o < size; o++) {
      first[o] = (int) Math.floor(start + o * s + 1e-9);
    }
    return first;
  }

  /** The weights of the source pixels from {@link #first} on, per output pixel. */
  static double[][] of(double start, double side, int size, int limit) {
    double s = side / size;
    int[] first = first(start, side, size);
    double[][] weights = new double[size][];
    for (int o = 0; o < size; o++) {
      double lo = start + o * s;
      double hi = Math.min(lo + s, limit);
      int last = Math.min(limit - 1, (int) Math.ceil(hi - 1e-9) - 1);
      int n = Math.max(1, last - first[o] + 1);
      weights[o] = new double[n];
      double total = 0;
      for (int k = 0; k < n; k++) {
        int i = first[o] + k;
        double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
        weights[o][k] = Math.max(0, overlap);
        total += weights[o][k];
      }
      for (int k = 0; k < n; k++) {
        weights[o][k] /= total;
      }
    }
    return weights;
  }
}
