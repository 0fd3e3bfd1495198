package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.data.omniglot.Omniglot;
import io.learnopt.tensor.Rng;

/** Synthetic episodes: each class a random prototype image, each example a noisy copy of it. */
final class Episodes {
  private Episodes() {}

  static Episode noisyPrototypes(int ways, int shots, int queries, float noise, long seed) {
    Rng rng = new Rng(seed);
    float[][] prototypes = new float[ways][Omniglot.PIXELS];
    for (float[] p : prototypes) {
      rng.fillUniform(p, 0f, 1f);
    }
    float[] support = new float[ways * shots * Omniglot.PIXELS];
    float[] query = new float[ways * queries * Omniglot.PIXELS];
    int[] supportLabels = new int[ways * shots];
    int[] queryLabels = new int[ways * queries];
    fill(support, supportLabels, shots, prototypes, noise, rng);
    fill(query, queryLabels, queries, prototypes, noise, rng);
    return new Episode(ways, shots, queries, support, supportLabels, query, queryLabels);
  }

  private static void fill(
      float[] images, int[] labels, int perClass, float[][] prototypes, float noise, Rng rng) {
    float[] n = new float[Omniglot.PIXELS];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i / perClass;
      rng.fillGaussian(n, 0f, noise);
      for (int p = 0; p < n.length; p++) {
        images[i * n.length + p] = prototypes[labels[i]][p] + n[p];
      }
    }
  }
}
