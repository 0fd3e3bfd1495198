package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;

/**
 * The simplest baseline: each query image takes the label of the support image nearest to it in
 * pixel space (squared Euclidean distance; ties go to the earlier support image). No learning.
 */
public final class NearestNeighbour implements FewShotMethod {
  /** The method's name. */
  public static final String NAME = "nearest-neighbour";

  @Override
  public String name() {
    return NAME;
  }

  /** Itself: it keeps no state. */
  @Override
  public NearestNeighbour copy() {
    return this;
  }

  @Override
  public double accuracy(Episode episode) {
    float[] support = episode.support();
    float[] query = episode.query();
    int supportCount = episode.supportLabels().length;
    int queryCount = episode.queryLabels().length;
    int pixels = support.length / supportCount;
    int correct = 0;
    for (int q = 0; q < queryCount; q++) {
      int best = -1;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int s = 0; s < supportCount; s++) {
        double d = 0;
        for (int p = 0; p < pixels; p++) {
          double diff = query[q * pixels + p] - support[s * pixels + p];
          d += diff * diff;
        }
        if (d < bestDistance) {
          bestDistance = d;
          best = s;
        }
      }
      if (episode.supportLabels()[best] == episode.queryLabels()[q]) {
        correct++;
      }
    }
    return (double) correct / queryCount;
  }
}
