package io.learnopt.autodiff;

import io.learnopt.tensor.Tensor;

/**
 * L = (1/N) Σ (P − T)² over all N elements of the prediction P and target T ({@link Tape#mse}). The
 * sum is accumulated in double. Backward: ∂L/∂P = 2(P − T)/N = −∂L/∂T.
 */
record MseOp(Var pred, Var target, Var output) implements Node {

  static Var apply(Tape tape, Var pred, Var target) {
    Tensor p = pred.value();
    Tensor t = target.value();
    p.requireSameShape(t, "mse");
    int n = p.size();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double e = (double) p.data()[p.offset() + i] - t.data()[t.offset() + i];
      sum += e * e;
    }
    Tensor value = Tensor.zeros();
    value.set(0, (float) (n == 0 ? 0 : sum / n));
    return tape.record(value, out -> new MseOp(pred, target, out), pred, target);
  }

  @Override
  public void backward() {
    int n = pred.value().size();
    if (n == 0) {
      return;
    }
    float scale = 2f * output.grad().get(0) / n;
    addScaledError(pred, scale);
    addScaledError(target, -scale);
  }

  /** ∂L/∂v += s·(P − T), elementwise, if {@code v} takes a gradient. */
  private void addScaledError(Var v, float s) {
    if (!v.requiresGrad()) {
      return;
    }
    Tensor p = pred.value();
    Tensor t = target.value();
    Tensor d = v.grad();
    for (int i = 0; i < p.size(); i++) {
      float e = p.data()[p.offset() + i] - t.data()[t.offset() + i];
      d.data()[d.offset() + i] += s * e;
    }
  }
}
