package io.learnopt.bench.jmh;

import io.learnopt.learned.LstmCell;
import io.learnopt.learned.LstmKernels;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmParameters;
import io.learnopt.learned.ScalarLstmKernels;
import io.learnopt.tensor.MatrixView;
import io.learnopt.tensor.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@link LstmKernels} primitives on one block of {@value #WIDTH} coordinates of the paper's
 * 2×20 LSTM (Andrychowicz et al. 2016, Appendix A): the unit of work {@code LstmTrajectory} hands
 * to a kernel. A block's data fits in L2, so these times are the kernels' arithmetic, not memory;
 * the trajectory benchmark shows how much of it survives at full size. Running both implementations
 * shows what the Vector API buys per kernel — the transcendental-heavy cell kernels and the GEMMs
 * gain very differently.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class LstmKernelBenchmark {
  /** The network whose shapes are benchmarked: 2 layers of 20, log/sign preprocessing. */
  static final LstmOptimizerConfig CONFIG = LstmOptimizerConfig.paperNeuralNet();

  static final LstmParameters LAYOUT = new LstmParameters(CONFIG);

  /** Coordinates per call: the block size of {@code LstmTrajectory} (its BLOCK). */
  static final int WIDTH = 256;

  /** {@code vector}: {@link LstmKernels#get()}; {@code scalar}: the plain-loop reference. */
  @Param({"vector", "scalar"})
  public String kernels;

  private LstmKernels k;
  private int hidden;
  private int gateRows;
  private float[] weights;
  private float[] input;
  private float[] preactivations;
  private float[] gates;
  private float[] cells;
  private float[] hiddenOut;
  private float[] dh;
  private float[] dc;
  private float[] dz;
  private float[] biasGradient;

  /** Random weights and inputs; one cell forward so the backward reads consistent activations. */
  @Setup
  public void setUp() {
    k =
        switch (kernels) {
          case "vector" -> LstmKernels.get();
          case "scalar" -> new ScalarLstmKernels();
          default -> throw new IllegalArgumentException("kernels must be vector or scalar");
        };
    hidden = CONFIG.hidden();
    gateRows = CONFIG.gateRows();
    int maxCols = Math.max(LAYOUT.columns(0), LAYOUT.columns(1));
    Rng rng = new Rng(1);
    float bound = (float) (1 / Math.sqrt(hidden));
    weights = new float[gateRows * maxCols];
    rng.fillUniform(weights, -bound, bound);
    input = new float[maxCols * WIDTH];
    rng.fillGaussian(input, 0f, 1f);
    preactivations = new float[gateRows * WIDTH];
    gates = new float[gateRows * WIDTH];
    rng.fillGaussian(gates, 0f, 1f);
    // Two slots: c_{t-1} at 0 (read only, so the cell state cannot drift) and c_t after it.
    cells = new float[2 * hidden * WIDTH];
    rng.fillGaussian(cells, 0f, 0.5f);
    hiddenOut = new float[hidden * WIDTH];
    dh = new float[hidden * WIDTH];
    rng.fillGaussian(dh, 0f, 1f);
    dc = new float[hidden * WIDTH];
    dz = new float[gateRows * WIDTH];
    biasGradient = new float[gateRows * k.accumulatorLanes()];
    cellForward();
  }

  /** W₀·[x; h] of layer 0: 80 gate rows × 22 columns (2 preprocessed inputs + 20 recurrent). */
  @Benchmark
  public void gemmLayer0() {
    gemm(LAYOUT.columns(0));
  }

  /** W₁·[h⁰; h¹] of layer 1: 80 gate rows × 40 columns, the largest GEMM of a step. */
  @Benchmark
  public void gemmLayer1() {
    gemm(LAYOUT.columns(1));
  }

  private void gemm(int cols) {
    // accumulate = true, as in the forward pass, where the output rows were filled with the bias.
    // The sums grow by O(1) per call, far from overflowing in any run.
    k.gemm(
        new MatrixView(weights, 0, cols),
        gateRows,
        cols,
        new MatrixView(input, 0, WIDTH),
        new MatrixView(preactivations, 0, WIDTH),
        true,
        WIDTH);
  }

  /**
   * The gate nonlinearities and cell update of one layer. It overwrites its pre-activations with
   * the activations, so from the second call on it reads values in (−1, 1); the vector kernel's σ
   * and tanh are branch-free polynomials whose time does not depend on the values, and restoring 80
   * KB of fresh inputs before every call would cost as much memory traffic as the kernel itself.
   */
  @Benchmark
  public void cellForward() {
    k.cellForward(cell(), new MatrixView(hiddenOut, 0, WIDTH), WIDTH);
  }

  /**
   * The gate derivatives and bias gradients of one layer. It reads the activations and updates the
   * carried cell adjoint dc in place, which stays bounded (it is multiplied by the forget gate,
   * below 1); the bias sums grow by O(1) per call, far from overflowing in any run.
   */
  @Benchmark
  public void cellBackward() {
    k.cellBackward(
        cell(),
        new MatrixView(dh, 0, WIDTH),
        new MatrixView(dc, 0, WIDTH),
        new MatrixView(dz, 0, WIDTH),
        new MatrixView(biasGradient, 0, 1),
        WIDTH);
  }

  /** One layer's cell: the gates, c_{t-1} at 0 (read only) and c_t after it. */
  private LstmCell cell() {
    return new LstmCell(
        new MatrixView(gates, 0, WIDTH),
        new MatrixView(cells, 0, WIDTH),
        new MatrixView(cells, hidden * WIDTH, WIDTH),
        hidden);
  }
}
