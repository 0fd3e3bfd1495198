package io.learnopt.autodiff;

import io.learnopt.tensor.Tensor;
import java.util.Arrays;

/**
 * L = (1/m) Σ_i −log softmax(Z_i)[y_i] for logits Z[m×c] and labels y_i ∈ [0, c) ({@link
 * Tape#softmaxCrossEntropy}).
 *
 * <p>Per row, on logits shifted by the row maximum M_i so no exp overflows: with s_i = Σ_j exp(Z_ij
 * − M_i), all in double, −log softmax(Z_i)[y_i] = log s_i − (Z_{i,y_i} − M_i). Only shifted values
 * are ever added: M_i + log s_i would round log s_i away once |M_i| is large (at logits near 1e30
 * every row's loss came out 0), so the loss stays −log p_{i,y_i} of the probabilities kept for the
 * backward pass at any magnitude. Backward: ∂L/∂Z_ij = (p_ij − [j = y_i]) / m with p_ij = exp(Z_ij
 * − M_i) / s_i.
 */
record SoftmaxCrossEntropyOp(Var logits, int[] labels, float[] probs, Var output) implements Node {

  static Var apply(Tape tape, Var logits, int[] labels) {
    Tensor z = logits.value();
    if (z.rank() != 2) {
      throw new IllegalArgumentException(
          "softmaxCrossEntropy: logits "
              + Arrays.toString(z.shape())
              + " must be 2-D (rows × classes)");
    }
    int m = z.rows();
    int c = z.cols();
    if (labels.length != m) {
      throw new IllegalArgumentException(
          "softmaxCrossEntropy: " + labels.length + " labels for " + m + " rows of logits");
    }
    int[] y = labels.clone();
    float[] probs = new float[m * c];
    float[] d = z.data();
    double total = 0;
    for (int i = 0; i < m; i++) {
      if (y[i] < 0 || y[i] >= c) {
        throw new IllegalArgumentException(
            "softmaxCrossEntropy: label " + y[i] + " of row " + i + " is not in [0, " + c + ")");
      }
      int row = z.offset() + i * c;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, d[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += Math.exp((double) d[row + j] - max);
      }
      double logSum = Math.log(sum);
      for (int j = 0; j < c; j++) {
        probs[i * c + j] = (float) (Math.exp((double) d[row + j] - max) / sum);
      }
      total += logSum - ((double) d[row + y[i]] - max);
    }
    Tensor value = Tensor.zeros();
    value.set(0, (float) (m == 0 ? 0 : total / m));
    return tape.record(value, out -> new SoftmaxCrossEntropyOp(logits, y, probs, out), logits);
  }

  @Override
  public void backward() {
    Tensor dz = logits.grad();
    int m = labels.length;
    if (m == 0) {
      return;
    }
    int c = probs.length / m;
    float scale = output.grad().get(0) / m;
    float[] d = dz.data();
    for (int i = 0; i < m; i++) {
      int row = dz.offset() + i * c;
      for (int j = 0; j < c; j++) {
        float target = j == labels[i] ? 1f : 0f;
        d[row + j] += scale * (probs[i * c + j] - target);
      }
    }
  }
}
