package io.learnopt.data.omniglot;

/**
 * One N-way K-shot few-shot classification problem: a labelled support set to learn from and a
 * query set to be classified, over {@code ways} classes labelled 0..ways − 1. Images are row-major
 * 28 × 28 ({@link Omniglot#PIXELS} floats, ink 1, background 0), flattened into one array per set:
 * image {@code i} of the support set is {@code support[i · 784 .. (i + 1) · 784)} with label {@code
 * supportLabels[i]}, and likewise for the query set.
 *
 * <p>Each class has exactly {@code shots} support and {@code queries} query images. The arrays
 * belong to the episode; a method may read them but should not write to them.
 *
 * @param ways the number of classes, N
 * @param shots support images per class, K
 * @param queries query images per class, Q
 * @param support {@code ways · shots} images
 * @param supportLabels their classes
 * @param query {@code ways · queries} images, none of them in the support set
 * @param queryLabels their classes, the ground truth a method is scored against
 */
public record Episode(
    int ways,
    int shots,
    int queries,
    float[] support,
    int[] supportLabels,
    float[] query,
    int[] queryLabels) {
  /**
   * Checks the shape and the labels.
   *
   * @throws IllegalArgumentException if an array has the wrong length, a label is outside 0..ways −
   *     1, or a class has another number of images than {@code shots} or {@code queries}
   */
  public Episode {
    if (ways < 1 || shots < 1 || queries < 1) {
      throw new IllegalArgumentException(
          "ways, shots and queries must be positive, got " + ways + ", " + shots + ", " + queries);
    }
    checkSet("support", support, supportLabels, ways, shots);
    checkSet("query", query, queryLabels, ways, queries);
  }

  private static void checkSet(String set, float[] images, int[] labels, int ways, int perClass) {
    if (labels.length != ways * perClass || images.length != labels.length * Omniglot.PIXELS) {
      throw new IllegalArgumentException(
          set
              + " set of "
              + ways
              + " × "
              + perClass
              + " images needs "
              + ways * perClass
              + " labels and "
              + ways * perClass * Omniglot.PIXELS
              + " pixels, got "
              + labels.length
              + " and "
              + images.length);
    }
    int[] count = new int[ways];
    for (int label : labels) {
      if (label < 0 || label >= ways) {
        throw new IllegalArgumentException(
            set + " label " + label + " is outside 0.." + (ways - 1));
      }
      count[label]++;
    }
    for (int c = 0; c < ways; c++) {
      if (count[c] != perClass) {
        throw new IllegalArgumentException(
            set + " set has " + count[c] + " images of class " + c + ", not " + perClass);
      }
    }
  }
}
