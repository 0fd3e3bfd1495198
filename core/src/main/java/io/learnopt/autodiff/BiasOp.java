package io.learnopt.autodiff;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Tensor;
import java.util.Arrays;

/**
 * Y[m×n] = X[m×n] + b[n], b added to every row ({@link Tape#addBias}).
 *
 * <p>Backward, with G = ∂L/∂Y: ∂L/∂X = G, ∂L/∂b[j] = Σ_i G[i,j].
 */
record BiasOp(Var x, Var b, Var output) implements Node {

  static Var apply(Tape tape, Var x, Var b) {
    Tensor xv = x.value();
    Tensor bv = b.value();
    if (xv.rank() != 2) {
      throw new IllegalArgumentException(
          "addBias: x " + Arrays.toString(xv.shape()) + " must be 2-D (rows × features)");
    }
    requireBias("addBias", xv.cols(), bv);
    int m = xv.rows();
    int n = xv.cols();
    Tensor yv = Tensor.zeros(m, n);
    for (int i = 0; i < m; i++) {
      Kernels.add(xv.data(), xv.offset() + i * n, bv.data(), bv.offset(), yv.data(), i * n, n);
    }
    return tape.record(yv, y -> new BiasOp(x, b, y), x, b);
  }

  @Override
  public void backward() {
    Tensor g = output.grad();
    x.accumulateGrad(g);
    if (b.requiresGrad()) {
      addColumnSums(g, b.grad());
    }
  }

  /** Throws unless {@code bias} is a vector of {@code columns} entries, one per output column. */
  static void requireBias(String op, int columns, Tensor bias) {
    if (bias.rank() != 1 || bias.size() != columns) {
      throw new IllegalArgumentException(
          op
              + ": bias "
              + Arrays.toString(bias.shape())
              + " must have shape ["
              + columns
              + "], one entry per output column");
    }
  }

  /** db[j] += Σ_i G[i,j]: the bias was broadcast over rows, so its gradient sums over them. */
  static void addColumnSums(Tensor g, Tensor db) {
    int m = g.rows();
    int n = g.cols();
    for (int i = 0; i < m; i++) {
      Kernels.axpy(1f, g.data(), g.offset() + i * n, db.data(), db.offset(), n);
    }
  }
}
