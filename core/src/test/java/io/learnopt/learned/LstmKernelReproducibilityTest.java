package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.tensor.MatrixView;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernels must give the same bits whatever the JIT has done so far; otherwise a run is not
 * reproducible from its seed and a resumed meta-training run differs from the uninterrupted one.
 * Needs a fresh JVM, in which the kernel is still interpreted, so it starts one.
 */
class LstmKernelReproducibilityTest {

  /** The outputs of the kernels that round differently when compiled, on fixed inputs. */
  private static float[] kernelOutputs(LstmKernels kernels, float[] input, float[] cellIn) {
    int stride = cellIn.length;
    float[] gates = input.clone();
    float[] c = new float[2 * stride];
    System.arraycopy(cellIn, 0, c, 0, stride);
    float[] h = new float[stride];
    // tanh and σ (e^x) of the cell.
    LstmCell cell =
        new LstmCell(
            new MatrixView(gates, 0, stride),
            new MatrixView(c, 0, stride),
            new MatrixView(c, stride, stride),
            1);
    MatrixView hv = new MatrixView(h, 0, stride);
    kernels.cellForward(cell, hv, stride);
    // The cell backward, which recomputes tanh(c) (one unit: gates are the 4 rows of `gates`).
    float[] dz = new float[4 * stride];
    float[] dc = cellIn.clone();
    MatrixView dzv = new MatrixView(dz, 0, stride);
    float[] dbCell = new float[4 * kernels.accumulatorLanes()];
    kernels.cellBackward(
        cell, hv, new MatrixView(dc, 0, stride), dzv, new MatrixView(dbCell, 0, 1), stride);
    float[] cellBias = new float[4];
    kernels.reduceAccumulators(dbCell, cellBias);
    // Sums over the coordinates: weight and bias gradients (3 rows exercise the row tail, 4 rows
    // × 2 columns the 4×2 tile).
    int lanes = kernels.accumulatorLanes();
    float[] dw = new float[3 * 4 + 4 * 2];
    float[] dwWide = new float[dw.length * lanes];
    MatrixView x = new MatrixView(input, 0, stride);
    kernels.outerAccumulate(
        x, 3, new MatrixView(cellIn, 0, stride), 1, new MatrixView(dwWide, 0, 1), stride);
    kernels.outerAccumulate(x, 3, x, 4, new MatrixView(dwWide, 0, 4), stride);
    kernels.outerAccumulate(dzv, 4, x, 2, new MatrixView(dwWide, 12, 2), stride);
    kernels.reduceAccumulators(dwWide, dw);
    float[] db = new float[4];
    float[] dbWide = new float[db.length * lanes];
    kernels.rowSumAccumulate(x, 4, new MatrixView(dbWide, 0, 1), stride);
    kernels.reduceAccumulators(dbWide, db);
    float[][] parts = {h, dz, dc, cellBias, dw, db};
    float[] out = new float[0];
    for (float[] part : parts) {
      int at = out.length;
      out = Arrays.copyOf(out, at + part.length);
      System.arraycopy(part, 0, out, at, part.length);
    }
    return out;
  }

  /** Prints how many outputs of the first (interpreted) calls differ from later (C2) calls. */
  public static void main(String[] args) {
    int stride = 2048;
    float[] input = new float[4 * stride];
    float[] cellIn = new float[stride];
    io.learnopt.tensor.Rng rng = new io.learnopt.tensor.Rng(1);
    rng.fillGaussian(input, 0f, 2f);
    rng.fillGaussian(cellIn, 0f, 1f);
    float[] first = kernelOutputs(LstmKernels.get(), input, cellIn);
    int differing = 0;
    for (int call = 0; call < 300; call++) {
      float[] later = kernelOutputs(LstmKernels.get(), input, cellIn);
      int d = 0;
      for (int i = 0; i < first.length; i++) {
        d += Float.floatToIntBits(first[i]) != Float.floatToIntBits(later[i]) ? 1 : 0;
      }
      differing = Math.max(differing, d);
    }
    System.out.println(differing);
  }

  @Test
  void kernelsGiveTheSameBitsBeforeAndAfterJitCompilation()
      throws IOException, InterruptedException {
    Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        List.of(
            launcher.toString(),
            "--add-modules",
            "jdk.incubator.vector",
            "-cp",
            System.getProperty("java.class.path"),
            LstmKernelReproducibilityTest.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.getErrorStream().transferTo(OutputStream.nullOutputStream());
    assertEquals(0, process.waitFor(), out);
    String[] lines = out.strip().split("\n");
    assertEquals(
        0,
        Integer.parseInt(lines[lines.length - 1].strip()),
        "kernel outputs that changed once the JIT compiled the kernels: " + Arrays.toString(lines));
  }
}
