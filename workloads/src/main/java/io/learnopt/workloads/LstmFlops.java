package io.learnopt.workloads;

import io.learnopt.learned.LstmOptimizerConfig;

/**
 * Floating-point operations of the coordinatewise LSTM optimizer per coordinate and step, counted
 * the conservative way: 2 per multiply-add of every matrix product and 1 per elementwise add or
 * multiply of the cells, nothing for the sigmoid/tanh evaluations (their polynomials run on the FMA
 * units too, so achieved rates computed from these counts understate the work done).
 */
public final class LstmFlops {
  private LstmFlops() {}

  /** Forward: per layer W·[x; h] (4H × cols), cell c = f·c + i·g, h = o·tanh c; output w·h. */
  public static long forward(LstmOptimizerConfig config) {
    int h = config.hidden();
    long flops = 0;
    for (int l = 0; l < config.layers(); l++) {
      flops += 2L * 4 * h * (config.inputSize(l) + h) + 4L * h;
    }
    return flops + 2L * h + 1;
  }

  /**
   * Backward: per layer the cell's gate derivatives (22 per unit), ∂W (4H × cols) and the input and
   * recurrent adjoints Wᵀ·dz (the input part only above the first layer), the bias sums; the output
   * layer's and the suffix-sum adjoint's few.
   */
  public static long backward(LstmOptimizerConfig config) {
    int h = config.hidden();
    long flops = 0;
    for (int l = 0; l < config.layers(); l++) {
      int cols = config.inputSize(l) + h;
      int adjointCols = l == 0 ? h : cols;
      flops += 22L * h + 2L * 4 * h * cols + 4L * h + 2L * 4 * h * adjointCols;
    }
    return flops + 4L * h + 4;
  }
}
