package io.learnopt.nn;

import io.learnopt.tensor.Tensor;

/** The fraction of classified rows whose largest logit is at their label, for every classifier. */
final class Accuracy {
  private Accuracy() {}

  /**
   * Fraction of the first {@code batch} rows of {@code logits} [rows × classes] whose argmax (the
   * first one on ties) equals {@code labels[i]}.
   */
  static float of(Tensor logits, int[] labels, int batch) {
    int classes = logits.cols();
    int correct = 0;
    for (int i = 0; i < batch; i++) {
      int best = 0;
      for (int j = 1; j < classes; j++) {
        if (logits.get(i, j) > logits.get(i, best)) {
          best = j;
        }
      }
      if (best == labels[i]) {
        correct++;
      }
    }
    return (float) correct / batch;
  }
}
