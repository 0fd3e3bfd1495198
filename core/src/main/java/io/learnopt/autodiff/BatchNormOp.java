package io.learnopt.autodiff;

import io.learnopt.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalization over the batch and both spatial axes of X [B, C, H, W], per channel c ({@link
 * Tape#batchNorm}; Ioffe &amp; Szegedy 2015, Algorithm 1): with the N = B·H·W values of channel c,
 *
 * <pre>
 *   μ_c = (1/N) Σ x,   σ²_c = (1/N) Σ (x − μ_c)²,   x̂ = (x − μ_c) / √(σ²_c + ε),   y = γ_c·x̂ + β_c.
 * </pre>
 *
 * <p>The statistics are always those of the current batch: there are no running averages and no
 * inference mode. That is how few-shot meta-learners use it — MAML (Finn et al. 2017) and the
 * meta-learner LSTM (Ravi &amp; Larochelle 2017) normalize each episode's support and query sets
 * with their own batch statistics, at meta-test time too — so one example's output depends on the
 * rest of its batch. σ² is the biased (1/N) variance, as in training mode everywhere. Sums are
 * taken in double.
 *
 * <p>Backward, through μ and σ² as well (Ioffe &amp; Szegedy 2015, §3), with G = ∂L/∂Y and means
 * over the N values of a channel: ∂L/∂β_c = Σ G, ∂L/∂γ_c = Σ G·x̂, ∂L/∂X = (γ_c/√(σ²_c + ε))·(G −
 * mean(G) − x̂·mean(G·x̂)). x̂ is recomputed from X, μ and 1/√(σ² + ε) rather than kept.
 */
record BatchNormOp(Var x, Var gamma, Var beta, Var output, float[] mean, float[] invStd)
    implements Node {

  static Var apply(Tape tape, Var x, Var gamma, Var beta, float eps) {
    Tensor xv = x.value();
    Tensor gv = gamma.value();
    Tensor bv = beta.value();
    int[] s = xv.shape();
    if (s.length != 4
        || gv.rank() != 1
        || gv.size() != s[1]
        || bv.rank() != 1
        || bv.size() != s[1]) {
      throw new IllegalArgumentException(
          "batchNorm: x "
              + Arrays.toString(s)
              + ", gamma "
              + Arrays.toString(gv.shape())
              + " and beta "
              + Arrays.toString(bv.shape())
              + " must be [batch, channels, height, width], [channels] and [channels]");
    }
    if (!(eps > 0f) || Float.isInfinite(eps)) {
      throw new IllegalArgumentException("batchNorm: eps must be finite and > 0, got " + eps);
    }
    int batch = s[0];
    int channels = s[1];
    int plane = s[2] * s[3];
    long n = (long) batch * plane;
    float[] in = xv.data();
    Tensor yv = Tensor.zeros(s);
    float[] out = yv.data();
    float[] mean = new float[channels];
    float[] invStd = new float[channels];
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int b = 0; b < batch; b++) {
        int base = xv.offset() + (b * channels + c) * plane;
        for (int q = 0; q < plane; q++) {
          sum += in[base + q];
        }
      }
      double mu = n == 0 ? 0 : sum / n;
      // Two passes: Σ(x − μ)² does not cancel the way Σx² − Nμ² does.
      double squares = 0;
      for (int b = 0; b < batch; b++) {
        int base = xv.offset() + (b * channels + c) * plane;
        for (int q = 0; q < plane; q++) {
          double e = in[base + q] - mu;
          squares += e * e;
        }
      }
      mean[c] = (float) mu;
      invStd[c] = (float) (1.0 / Math.sqrt((n == 0 ? 0 : squares / n) + eps));
      float m = mean[c];
      float r = invStd[c];
      float gc = gv.get(c);
      float bc = bv.get(c);
      for (int b = 0; b < batch; b++) {
        int base = (b * channels + c) * plane;
        for (int q = 0; q < plane; q++) {
          out[base + q] = gc * ((in[xv.offset() + base + q] - m) * r) + bc;
        }
      }
    }
    return tape.record(yv, y -> new BatchNormOp(x, gamma, beta, y, mean, invStd), x, gamma, beta);
  }

  @Override
  public void backward() {
    Tensor xv = x.value();
    Tensor dy = output.grad();
    int[] s = xv.shape();
    int batch = s[0];
    int channels = s[1];
    int plane = s[2] * s[3];
    long n = (long) batch * plane;
    if (n == 0) {
      return;
    }
    float[] in = xv.data();
    float[] g = dy.data();
    for (int c = 0; c < channels; c++) {
      float m = mean[c];
      float r = invStd[c];
      double sumG = 0;
      double sumGxhat = 0;
      for (int b = 0; b < batch; b++) {
        int base = (b * channels + c) * plane;
        for (int q = 0; q < plane; q++) {
          float gi = g[dy.offset() + base + q];
          sumG += gi;
          sumGxhat += gi * ((in[xv.offset() + base + q] - m) * r);
        }
      }
      if (beta.requiresGrad()) {
        Tensor db = beta.grad();
        db.data()[db.offset() + c] += (float) sumG;
      }
      if (gamma.requiresGrad()) {
        Tensor dg = gamma.grad();
        dg.data()[dg.offset() + c] += (float) sumGxhat;
      }
      if (x.requiresGrad()) {
        Tensor dx = x.grad();
        float[] d = dx.data();
        float scale = gamma.value().get(c) * r;
        float meanG = (float) (sumG / n);
        float meanGxhat = (float) (sumGxhat / n);
        for (int b = 0; b < batch; b++) {
          int base = (b * channels + c) * plane;
          for (int q = 0; q < plane; q++) {
            float xhat = (in[xv.offset() + base + q] - m) * r;
            d[dx.offset() + base + q] +=
                scale * (g[dy.offset() + base + q] - meanG - xhat * meanGxhat);
          }
        }
      }
    }
  }
}
