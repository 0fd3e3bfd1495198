package io.learnopt.autodiff;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Tensor;
import java.util.Arrays;

/**
 * Y[m×n] = X[m×k]·W[k×n] (+ b[n] added to every row): {@link Tape#matmul} and {@link Tape#linear}.
 *
 * <p>Backward, with G = ∂L/∂Y: ∂L/∂X = G·Wᵀ, ∂L/∂W = Xᵀ·G, ∂L/∂b[j] = Σ_i G[i,j].
 */
record LinearOp(Var x, Var w, Var b, Var output) implements Node {

  /** Records Y = X·W (+ b); {@code b} may be null. */
  static Var apply(Tape tape, Var x, Var w, Var b) {
    String op = b == null ? "matmul" : "linear";
    Tensor xv = x.value();
    Tensor wv = w.value();
    if (xv.rank() != 2 || wv.rank() != 2 || xv.cols() != wv.rows()) {
      throw new IllegalArgumentException(
          op
              + ": x "
              + Arrays.toString(xv.shape())
              + " · W "
              + Arrays.toString(wv.shape())
              + " needs 2-D operands with x columns = W rows");
    }
    int m = xv.rows();
    int k = xv.cols();
    int n = wv.cols();
    if (b != null) {
      BiasOp.requireBias(op, n, b.value());
    }
    Tensor yv = Tensor.zeros(m, n);
    boolean accumulate = false;
    if (b != null) {
      // Start every row of Y at b, then add X·W onto it.
      Tensor bv = b.value();
      for (int i = 0; i < m; i++) {
        System.arraycopy(bv.data(), bv.offset(), yv.data(), i * n, n);
      }
      accumulate = true;
    }
    Kernels.matmul(
        xv.data(), xv.offset(), wv.data(), wv.offset(), yv.data(), 0, m, k, n, accumulate);
    return b == null
        ? tape.record(yv, y -> new LinearOp(x, w, null, y), x, w)
        : tape.record(yv, y -> new LinearOp(x, w, b, y), x, w, b);
  }

  @Override
  public void backward() {
    Tensor g = output.grad();
    Tensor xv = x.value();
    Tensor wv = w.value();
    int m = xv.rows();
    int k = xv.cols();
    int n = wv.cols();
    if (x.requiresGrad()) {
      // ∂L/∂X[m×k] += G[m×n]·Wᵀ, W stored k×n.
      Tensor dx = x.grad();
      Kernels.matmulTransB(
          g.data(), g.offset(), wv.data(), wv.offset(), dx.data(), dx.offset(), m, n, k, true);
    }
    if (w.requiresGrad()) {
      // ∂L/∂W[k×n] += Xᵀ·G, X stored m×k.
      Tensor dw = w.grad();
      Kernels.matmulTransA(
          xv.data(), xv.offset(), g.data(), g.offset(), dw.data(), dw.offset(), k, m, n, true);
    }
    if (b != null && b.requiresGrad()) {
      BiasOp.addColumnSums(g, b.grad());
    }
  }
}
