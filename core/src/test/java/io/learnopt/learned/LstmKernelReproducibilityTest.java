package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    kernels.cellForward(gates, 0, c, 0, stride, h, 0, 1, stride, 0, stride);
    // The cell backward, which recomputes tanh(c) (one unit: gates are the 4 rows of `gates`).
    float[] dz = new float[4 * stride];
    float[] dc = cellIn.clone();
    float[] dbCell = new float[4 * kernels.accumulatorLanes()];
    kernels.cellBackward(
        gates, 0, c, 0, stride, h, 0, dc, 0, dz, 0, dbCell, 0, 1, stride, 0, stride);
    float[] cellBias = new float[4];
    kernels.reduceAccumulators(dbCell, cellBias);
    // Sums over the coordinates: weight and bias gradients (3 rows exercise the row tail, 4 rows
    // × 2 columns the 4×2 tile).
    int lanes = kernels.accumulatorLanes();
    float[] dw = new float[3 * 4 + 4 * 2];
    float[] dwWide = new float[dw.length * lanes];
    kernels.outerAccumulate(input, 0, 3, cellIn, 0, 1, dwWide, 0, stride, 0, stride);
    kernels.outerAccumulate(input, 0, 3, input, 0, 4, dwWide, 0, stride, 0, stride);
    kernels.outerAccumulate(dz, 0, 4, input, 0, 2, dwWide, 12, stride, 0, stride);
    kernels.reduceAccumulators(dwWide, dw);
    float[] db = new float[4];
    float[] dbWide = new float[db.length * lanes];
    kernels.rowSumAccumulate(input, 0, 4, dbWide, 0, stride, 0, stride);
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
