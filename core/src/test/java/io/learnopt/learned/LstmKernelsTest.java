package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Vector API kernels against the scalar reference, on block widths and offsets that vary. */
class LstmKernelsTest {
  private final LstmKernels vector = new VectorLstmKernels();
  private final LstmKernels scalar = new ScalarLstmKernels();

  private static float[] random(Rng rng, int n) {
    float[] a = new float[n];
    rng.fillGaussian(a, 0f, 1f);
    return a;
  }

  private static void assertClose(float[] expected, float[] actual, float tolerance) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      float scale = Math.max(1f, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tolerance * scale, "index " + i);
    }
  }

  /** The vector kernels' bias-initialized tiles give the very bits of fill-then-accumulate. */
  @ParameterizedTest(name = "rows={0} cols={1} width={2}")
  @CsvSource({"80, 22, 256", "80, 40, 64", "80, 40, 48", "6, 5, 64"})
  void gemmBiasIsBitIdenticalToFillingTheBiasAndAccumulating(int rows, int cols, int width) {
    int stride = 272;
    Rng rng = new Rng(rows + 3L * cols);
    float[] w = random(rng, 3 + rows * cols);
    float[] bias = random(rng, 2 + rows);
    float[] in = random(rng, cols * stride);
    float[] fused = new float[rows * stride];
    float[] filled = new float[rows * stride];
    vector.gemmBias(w, 3, rows, cols, bias, 2, in, 0, fused, 0, stride, 16, width);
    for (int j = 0; j < rows; j++) {
      java.util.Arrays.fill(filled, j * stride + 16, j * stride + 16 + width, bias[2 + j]);
    }
    vector.gemm(w, 3, rows, cols, in, 0, filled, 0, true, stride, 16, width);
    assertArrayEquals(filled, fused);
    float[] reference = new float[rows * stride];
    scalar.gemmBias(w, 3, rows, cols, bias, 2, in, 0, reference, 0, stride, 16, width);
    assertClose(reference, fused, 1e-5f * cols);
  }

  @ParameterizedTest(name = "rows={0} cols={1} stride={2} b0={3} width={4}")
  @CsvSource({
    "80, 21, 16, 0, 16",
    "80, 40, 64, 16, 48",
    "80, 22, 512, 256, 256",
    "1, 20, 48, 0, 48",
    "20, 1, 32, 0, 32",
    "21, 80, 96, 32, 64",
    "7, 3, 80, 16, 48",
    "7, 3, 160, 0, 144",
    "1, 20, 96, 16, 80",
    "80, 22, 320, 16, 304"
  })
  void gemmMatchesScalar(int rows, int cols, int stride, int b0, int width) {
    Rng rng = new Rng(rows * 31L + cols);
    float[] w = random(rng, 5 + rows * cols);
    float[] in = random(rng, 3 * stride + cols * stride);
    for (boolean accumulate : new boolean[] {false, true}) {
      float[] out = random(rng, 2 * stride + rows * stride);
      float[] expected = out.clone();
      scalar.gemm(
          w, 5, rows, cols, in, 3 * stride, expected, 2 * stride, accumulate, stride, b0, width);
      vector.gemm(w, 5, rows, cols, in, 3 * stride, out, 2 * stride, accumulate, stride, b0, width);
      assertClose(expected, out, 1e-5f * cols);
    }
  }

  @ParameterizedTest(name = "rows={0} cols={1} stride={2} b0={3} width={4}")
  @CsvSource({
    "80, 21, 16, 0, 16",
    "80, 40, 64, 16, 48",
    "1, 20, 288, 0, 288",
    "1, 23, 64, 0, 64",
    "3, 5, 32, 16, 16",
    "8, 23, 48, 16, 32",
    "6, 22, 64, 16, 32"
  })
  void outerAndRowSumMatchScalar(int rows, int cols, int stride, int b0, int width) {
    Rng rng = new Rng(rows * 7L + cols);
    float[] dz = random(rng, rows * stride);
    float[] in = random(rng, stride + cols * stride);
    float[] dw = random(rng, rows * cols + 2);
    float[] expected = dw.clone();
    // Two blocks into the same lane-wide accumulators, then one reduction, as BPTT does.
    float[] scalarWide = new float[dw.length * scalar.accumulatorLanes()];
    float[] vectorWide = new float[dw.length * vector.accumulatorLanes()];
    for (int repeat = 0; repeat < 2; repeat++) {
      scalar.outerAccumulate(dz, 0, rows, in, stride, cols, scalarWide, 2, stride, b0, width);
      vector.outerAccumulate(dz, 0, rows, in, stride, cols, vectorWide, 2, stride, b0, width);
    }
    scalar.reduceAccumulators(scalarWide, expected);
    vector.reduceAccumulators(vectorWide, dw);
    assertClose(expected, dw, 2e-5f * width);
    float[] db = random(rng, rows + 1);
    float[] expectedDb = db.clone();
    float[] scalarDbWide = new float[db.length * scalar.accumulatorLanes()];
    float[] vectorDbWide = new float[db.length * vector.accumulatorLanes()];
    scalar.rowSumAccumulate(dz, 0, rows, scalarDbWide, 1, stride, b0, width);
    vector.rowSumAccumulate(dz, 0, rows, vectorDbWide, 1, stride, b0, width);
    scalar.reduceAccumulators(scalarDbWide, expectedDb);
    vector.reduceAccumulators(vectorDbWide, db);
    assertClose(expectedDb, db, 1e-5f * width);
  }

  /**
   * A column range of a wider weight matrix (as {@code LstmTrajectory} takes layer 1's ∂W, in two
   * calls): the same sums as the scalar reference, and nothing written outside the range.
   */
  @ParameterizedTest(name = "rows={0} cols={1} rowLength={2} first={3} width={4}")
  @CsvSource({"80, 20, 40, 20, 256", "80, 22, 40, 0, 240", "1, 20, 23, 3, 64", "8, 6, 9, 1, 32"})
  void outerAccumulateIntoAColumnRangeMatchesScalar(
      int rows, int cols, int rowLength, int first, int width) {
    int stride = width;
    Rng rng = new Rng(rows * 11L + cols);
    float[] dz = random(rng, rows * stride);
    float[] in = random(rng, cols * stride);
    int weights = rows * rowLength;
    float[] scalarWide = new float[weights * scalar.accumulatorLanes()];
    float[] vectorWide = new float[weights * vector.accumulatorLanes()];
    scalar.outerAccumulate(
        dz, 0, rows, in, 0, cols, scalarWide, first, rowLength, stride, 0, width);
    vector.outerAccumulate(
        dz, 0, rows, in, 0, cols, vectorWide, first, rowLength, stride, 0, width);
    float[] expected = new float[weights];
    float[] actual = new float[weights];
    scalar.reduceAccumulators(scalarWide, expected);
    vector.reduceAccumulators(vectorWide, actual);
    assertClose(expected, actual, 2e-5f * width);
    for (int j = 0; j < rows; j++) {
      for (int k = 0; k < rowLength; k++) {
        boolean inRange = k >= first && k < first + cols;
        assertEquals(inRange, expected[j * rowLength + k] != 0f, "scalar weight " + j + "," + k);
        assertEquals(inRange, actual[j * rowLength + k] != 0f, "vector weight " + j + "," + k);
      }
    }
  }

  /**
   * W·[x; h] as gemmBias over W's first columns, then an accumulating gemm over the rest, both
   * reading W in place through its row length (how {@code LstmTrajectory} runs layers above the
   * first) gives the bits of one gemmBias over W on the stacked input: the same FMAs in the same
   * order. Width 256 runs the bias tile, 240 the fill-then-accumulate fallback.
   */
  @ParameterizedTest(name = "width={0}")
  @CsvSource({"256", "240", "48"})
  void splitGemmGivesTheBitsOfOneGemm(int width) {
    int rows = 80;
    int inputs = 20;
    int hidden = 20;
    int cols = inputs + hidden;
    int stride = 256;
    Rng rng = new Rng(width);
    float[] w = random(rng, rows * cols);
    float[] bias = random(rng, rows);
    float[] stacked = random(rng, cols * stride);
    float[] whole = new float[rows * stride];
    vector.gemmBias(w, 0, rows, cols, bias, 0, stacked, 0, whole, 0, stride, 0, width);
    // W's two column ranges in place (rows of `cols` weights), as LstmTrajectory reads them.
    float[] split = new float[rows * stride];
    vector.gemmBias(w, 0, rows, inputs, cols, bias, 0, stacked, 0, split, 0, stride, 0, width);
    vector.gemm(
        w, inputs, rows, hidden, cols, stacked, inputs * stride, split, 0, true, stride, 0, width);
    assertArrayEquals(whole, split);
    // The scalar reference reads the column ranges the same way (it sums in another order).
    float[] reference = new float[rows * stride];
    scalar.gemmBias(w, 0, rows, cols, bias, 0, stacked, 0, reference, 0, stride, 0, width);
    float[] scalarSplit = new float[rows * stride];
    scalar.gemmBias(
        w, 0, rows, inputs, cols, bias, 0, stacked, 0, scalarSplit, 0, stride, 0, width);
    scalar.gemm(
        w,
        inputs,
        rows,
        hidden,
        cols,
        stacked,
        inputs * stride,
        scalarSplit,
        0,
        true,
        stride,
        0,
        width);
    assertClose(reference, scalarSplit, 1e-5f * cols);
  }

  @ParameterizedTest(name = "hidden={0} stride={1} b0={2} width={3}")
  @CsvSource({"20, 32, 0, 32", "20, 272, 16, 256", "3, 48, 32, 16"})
  void cellForwardAndBackwardMatchScalar(int hidden, int stride, int b0, int width) {
    Rng rng = new Rng(hidden * 13L + stride);
    float[] z = random(rng, 4 * hidden * stride);
    float[] c = random(rng, 2 * hidden * stride);
    float[] zScalar = z.clone();
    float[] cScalar = c.clone();
    float[] h = new float[hidden * stride];
    float[] hScalar = h.clone();
    scalar.cellForward(
        zScalar, 0, cScalar, 0, hidden * stride, hScalar, 0, hidden, stride, b0, width);
    vector.cellForward(z, 0, c, 0, hidden * stride, h, 0, hidden, stride, b0, width);
    assertClose(zScalar, z, 2e-6f);
    assertClose(cScalar, c, 2e-6f);
    assertClose(hScalar, h, 2e-6f);

    float[] dh = random(rng, hidden * stride);
    float[] dc = random(rng, hidden * stride);
    float[] dcScalar = dc.clone();
    float[] dz = new float[4 * hidden * stride];
    float[] dzScalar = dz.clone();
    // c_t (second slot) is what the forward pass wrote; the backward pass recomputes tanh(c_t).
    int cOff = hidden * stride;
    // The bias gradient, from an offset, into lane-wide accumulators that already hold a sum.
    int biases = 4 * hidden + 3;
    float[] dbScalarWide = random(rng, biases * scalar.accumulatorLanes());
    float[] dbVectorWide = new float[biases * vector.accumulatorLanes()];
    for (int i = 0; i < biases; i++) {
      dbVectorWide[i * vector.accumulatorLanes()] = dbScalarWide[i];
    }
    float[] rowSums = dbVectorWide.clone();
    scalar.cellBackward(
        z,
        0,
        c,
        0,
        cOff,
        dh,
        0,
        dcScalar,
        0,
        dzScalar,
        0,
        dbScalarWide,
        2,
        hidden,
        stride,
        b0,
        width);
    vector.cellBackward(
        z, 0, c, 0, cOff, dh, 0, dc, 0, dz, 0, dbVectorWide, 2, hidden, stride, b0, width);
    assertClose(dzScalar, dz, 1e-6f);
    assertClose(dcScalar, dc, 1e-6f);
    float[] db = new float[biases];
    float[] dbScalar = new float[biases];
    vector.reduceAccumulators(dbVectorWide, db);
    scalar.reduceAccumulators(dbScalarWide, dbScalar);
    assertClose(dbScalar, db, 1e-5f * width);
    // The same bits as summing dz in a second pass.
    vector.rowSumAccumulate(dz, 0, 4 * hidden, rowSums, 2, stride, b0, width);
    float[] twoPass = new float[biases];
    vector.reduceAccumulators(rowSums, twoPass);
    assertArrayEquals(twoPass, db);
  }
}
