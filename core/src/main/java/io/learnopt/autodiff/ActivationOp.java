package io.learnopt.autodiff;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Tensor;

/**
 * Y = f(X) elementwise for f in {σ, tanh, relu} ({@link Tape#sigmoid}, {@link Tape#tanh}, {@link
 * Tape#relu}).
 *
 * <p>Backward, ∂L/∂X = ∂L/∂Y ⊙ f'(X), with f' written in terms of the output Y so X need not be
 * kept: σ' = Y(1 − Y), tanh' = 1 − Y², relu' = [Y &gt; 0] (taken as 0 at the kink X = 0).
 */
record ActivationOp(ActivationOp.Kind kind, Var x, Var output) implements Node {

  /** Which nonlinearity. */
  enum Kind {
    SIGMOID,
    TANH,
    RELU
  }

  static Var apply(Tape tape, Kind kind, Var x) {
    Tensor xv = x.value();
    Tensor yv = Tensor.zeros(xv.shape());
    float[] in = xv.data();
    int off = xv.offset();
    int n = xv.size();
    switch (kind) {
      case SIGMOID -> Kernels.sigmoid(in, off, yv.data(), 0, n);
      case TANH -> Kernels.tanh(in, off, yv.data(), 0, n);
      case RELU -> Kernels.relu(in, off, yv.data(), 0, n);
    }
    return tape.record(yv, y -> new ActivationOp(kind, x, y), x);
  }

  @Override
  public void backward() {
    if (!x.requiresGrad()) {
      return;
    }
    float[] g = output.grad().data();
    float[] out = output.value().data(); // Y and its grad are owned by this op: offset 0
    Tensor dx = x.grad();
    float[] d = dx.data();
    int off = dx.offset();
    int n = out.length;
    switch (kind) {
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          d[off + i] += g[i] * out[i] * (1f - out[i]);
        }
      }
      case TANH -> {
        for (int i = 0; i < n; i++) {
          d[off + i] += g[i] * (1f - out[i] * out[i]);
        }
      }
      case RELU -> {
        for (int i = 0; i < n; i++) {
          if (out[i] > 0f) {
            d[off + i] += g[i];
          }
        }
      }
    }
  }
}
