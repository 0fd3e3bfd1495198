package io.learnopt.autodiff;

import io.learnopt.tensor.Tensor;
import io.learnopt.tensor.VectorKernels;

/** Y = A + B for equal shapes ({@link Tape#add}). Backward: ∂L/∂A = ∂L/∂B = ∂L/∂Y. */
final class AddOp implements Node {
  private final Var a;
  private final Var b;
  private final Var y;

  private AddOp(Var a, Var b, Var y) {
    this.a = a;
    this.b = b;
    this.y = y;
  }

  static Var apply(Tape tape, Var a, Var b) {
    Tensor av = a.value();
    Tensor bv = b.value();
    av.requireSameShape(bv, "add");
    Tensor yv = Tensor.zeros(av.shape());
    VectorKernels.add(av.data(), av.offset(), bv.data(), bv.offset(), yv.data(), 0, av.size());
    return tape.record(yv, y -> new AddOp(a, b, y), a, b);
  }

  @Override
  public Var output() {
    return y;
  }

  @Override
  public void backward() {
    Tensor g = y.grad();
    // Two separate additions, so add(v, v) correctly gets 2·∂L/∂Y.
    for (Var input : new Var[] {a, b}) {
      if (input.requiresGrad()) {
        Tensor d = input.grad();
        VectorKernels.axpy(1f, g.data(), g.offset(), d.data(), d.offset(), g.size());
      }
    }
  }
}
