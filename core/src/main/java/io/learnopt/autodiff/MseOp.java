package io.learnopt.autodiff;

import io.learnopt.tensor.Tensor;

/**
 * L = (1/N) Σ (P − T)² over all N elements of the prediction P and target T ({@link Tape#mse}). The
 * sum is accumulated in double. Backward: ∂L/∂P = 2(P − T)/N = −∂L/∂T.
 */
final class MseOp implements Node {
  private final Var pred;
  private final Var target;
  private final Var loss;

  private MseOp(Var pred, Var target, Var loss) {
    this.pred = pred;
    this.target = target;
    this.loss = loss;
  }

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
  public Var output() {
    return loss;
  }

  @Override
  public void backward() {
    Tensor p = pred.value();
    Tensor t = target.value();
    int n = p.size();
    if (n == 0) {
      return;
    }
    float scale = 2f * loss.grad().get(0) / n;
    for (Var v : new Var[] {pred, target}) {
      if (!v.requiresGrad()) {
        continue;
      }
      float sign = v == pred ? scale : -scale;
      Tensor d = v.grad();
      for (int i = 0; i < n; i++) {
        float e = p.data()[p.offset() + i] - t.data()[t.offset() + i];
        d.data()[d.offset() + i] += sign * e;
      }
    }
  }
}
