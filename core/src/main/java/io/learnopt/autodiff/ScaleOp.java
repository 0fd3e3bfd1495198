package io.learnopt.autodiff;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Tensor;

/** Y = c·X for a constant c ({@link Tape#scale}). Backward: ∂L/∂X = c·∂L/∂Y. */
record ScaleOp(Var x, float c, Var output) implements Node {

  static Var apply(Tape tape, Var x, float c) {
    Tensor xv = x.value();
    Tensor yv = Tensor.zeros(xv.shape());
    Kernels.scale(c, xv.data(), xv.offset(), yv.data(), 0, xv.size());
    return tape.record(yv, y -> new ScaleOp(x, c, y), x);
  }

  @Override
  public void backward() {
    if (!x.requiresGrad()) {
      return;
    }
    Tensor g = output.grad();
    Tensor dx = x.grad();
    Kernels.axpy(c, g.data(), g.offset(), dx.data(), dx.offset(), g.size());
  }
}
