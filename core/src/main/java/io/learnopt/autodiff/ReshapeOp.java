package io.learnopt.autodiff;

import io.learnopt.tensor.Tensor;
import java.util.Arrays;

/**
 * Y = X read with another shape of the same size ({@link Tape#reshape}), e.g. the [B, C, 1, 1]
 * features of a conv net as the [B, C] input of a linear layer. Row-major order is kept, so Y is a
 * view of X's data, not a copy. Backward: ∂L/∂X = ∂L/∂Y, element by element.
 */
record ReshapeOp(Var x, Var output) implements Node {

  static Var apply(Tape tape, Var x, int[] shape) {
    Tensor xv = x.value();
    long size = 1;
    for (int d : shape) {
      size *= d; // Tensor.view rejects negative dimensions whose product happens to fit
    }
    if (size != xv.size()) {
      throw new IllegalArgumentException(
          "reshape: x "
              + Arrays.toString(xv.shape())
              + " has "
              + xv.size()
              + " elements, shape "
              + Arrays.toString(shape)
              + " needs the same number");
    }
    Tensor yv = Tensor.view(xv.data(), xv.offset(), shape);
    return tape.record(yv, y -> new ReshapeOp(x, y), x);
  }

  @Override
  public void backward() {
    x.accumulateGrad(output.grad());
  }
}
