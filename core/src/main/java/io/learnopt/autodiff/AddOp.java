package io.learnopt.autodiff;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Tensor;

/** Y = A + B for equal shapes ({@link Tape#add}). Backward: ∂L/∂A = ∂L/∂B = ∂L/∂Y. */
record AddOp(Var a, Var b, Var output) implements Node {

  static Var apply(Tape tape, Var a, Var b) {
    Tensor av = a.value();
    Tensor bv = b.value();
    av.requireSameShape(bv, "add");
    Tensor yv = Tensor.zeros(av.shape());
    Kernels.add(av.data(), av.offset(), bv.data(), bv.offset(), yv.data(), 0, av.size());
    return tape.record(yv, y -> new AddOp(a, b, y), a, b);
  }

  @Override
  public void backward() {
    Tensor g = output.grad();
    // Two separate additions, so add(v, v) correctly gets 2·∂L/∂Y.
    a.accumulateGrad(g);
    b.accumulateGrad(g);
  }
}
