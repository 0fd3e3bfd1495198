package io.learnopt.bench.jmh;

import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmParameters;
import io.learnopt.workloads.LstmFlops;
import java.util.OptionalLong;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Floating-point operations per JMH operation of each benchmark in this package, so that a time per
 * operation becomes a rate: GFLOP/s = FLOPs/op ÷ ns/op. JMH measures only time; the counts live
 * here, next to the benchmarks they describe.
 *
 * <p>The convention is {@link LstmFlops}'s, which {@code learnopt bench} uses too: 2 per
 * multiply-add of a matrix product, 1 per elementwise add or multiply, nothing for σ and tanh. The
 * kernel counts below are exactly the terms LstmFlops sums per layer, so the kernel rates and the
 * trajectory rates are comparable, and the cell kernels' rates look low: most of their time goes to
 * σ and tanh, which are not counted.
 */
public final class KernelFlops {
  private KernelFlops() {}

  /**
   * {@code out (+)= W·in}, W of {@code rows × cols}: one multiply-add per weight and coordinate.
   */
  public static long gemm(int rows, int cols, int width) {
    return 2L * rows * cols * width;
  }

  /** Cell forward, per unit: c = f·c_prev + i·g (3) and h = o·tanh c (1). */
  public static long cellForward(int hidden, int width) {
    return 4L * hidden * width;
  }

  /**
   * Cell backward, per unit: the 22 adds and multiplies of the gate derivatives and the 4 adds of
   * the bias gradients.
   */
  public static long cellBackward(int hidden, int width) {
    return 26L * hidden * width;
  }

  /** One optimizee step of the learned optimizer: the LSTM forward of every coordinate. */
  public static long applyStep(LstmOptimizerConfig config, int coordinates) {
    return LstmFlops.forward(config) * coordinates;
  }

  /** One unroll: the LSTM forward and backward of every coordinate at every step. */
  public static long unroll(LstmOptimizerConfig config, int coordinates, int steps) {
    return (LstmFlops.forward(config) + LstmFlops.backward(config)) * coordinates * steps;
  }

  /**
   * FLOPs of one operation of the benchmark run with {@code params}; empty for a benchmark not
   * counted here (a new or renamed method), which {@link Report} then prints without a rate.
   */
  public static OptionalLong perOperation(BenchmarkParams params) {
    String name = params.getBenchmark();
    String method = name.substring(name.lastIndexOf('.') + 1);
    String type = name.substring(0, name.lastIndexOf('.'));
    if (type.equals(LstmKernelBenchmark.class.getName())) {
      LstmOptimizerConfig config = LstmKernelBenchmark.CONFIG;
      LstmParameters layout = LstmKernelBenchmark.LAYOUT;
      int width = LstmKernelBenchmark.WIDTH;
      return switch (method) {
        case "gemmLayer0" -> OptionalLong.of(gemm(config.gateRows(), layout.columns(0), width));
        case "gemmLayer1" -> OptionalLong.of(gemm(config.gateRows(), layout.columns(1), width));
        case "cellForward" -> OptionalLong.of(cellForward(config.hidden(), width));
        case "cellBackward" -> OptionalLong.of(cellBackward(config.hidden(), width));
        default -> OptionalLong.empty();
      };
    }
    if (type.equals(LstmTrajectoryBenchmark.class.getName())) {
      LstmOptimizerConfig config = LstmTrajectoryBenchmark.CONFIG;
      int coordinates = Integer.parseInt(params.getParam("coordinates"));
      return switch (method) {
        case "applyStep" -> OptionalLong.of(applyStep(config, coordinates));
        case "unroll" ->
            OptionalLong.of(unroll(config, coordinates, LstmTrajectoryBenchmark.UNROLL));
        default -> OptionalLong.empty();
      };
    }
    return OptionalLong.empty();
  }
}
