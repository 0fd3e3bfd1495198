package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.tensor.MatrixView;
import io.learnopt.tensor.Rng;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernels against the scalar reference, on block widths and offsets that vary. Views
 * start at column {@code b0} of rows {@code stride} apart, as a block of a wider buffer does.
 */
class LstmKernelsTest {
  private static final LstmKernels VECTOR = new VectorLstmKernels();
  private static final LstmKernels SCALAR = new ScalarLstmKernels();

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

  /**
   * Runs {@code call} with {@code kernels} on lane-wide accumulators for {@code weights} weights,
   * started from {@code start} (in lane 0), and returns their reduction.
   */
  private static float[] accumulated(
      LstmKernels kernels, float[] start, BiConsumer<LstmKernels, float[]> call) {
    int lanes = kernels.accumulatorLanes();
    float[] wide = new float[start.length * lanes];
    for (int i = 0; i < start.length; i++) {
      wide[i * lanes] = start[i];
    }
    call.accept(kernels, wide);
    float[] sums = new float[start.length];
    kernels.reduceAccumulators(wide, sums);
    return sums;
  }

  /** Gates {@code z} and two slots of cell states {@code c}, rows {@code stride} apart, from b0. */
  private static LstmCell cell(float[] z, float[] c, int hidden, int stride, int b0) {
    return new LstmCell(
        new MatrixView(z, b0, stride),
        new MatrixView(c, b0, stride),
        new MatrixView(c, hidden * stride + b0, stride),
        hidden);
  }

  /** The vector kernels' bias-initialized tiles give the very bits of fill-then-accumulate. */
  @ParameterizedTest(name = "rows={0} cols={1} width={2}")
  @CsvSource({"80, 22, 256", "80, 40, 64", "80, 40, 48", "6, 5, 64"})
  void gemmBiasIsBitIdenticalToFillingTheBiasAndAccumulating(int rows, int cols, int width) {
    int stride = 272;
    Rng rng = new Rng(rows + 3L * cols);
    MatrixView w = new MatrixView(random(rng, 3 + rows * cols), 3, cols);
    MatrixView bias = new MatrixView(random(rng, 2 + rows), 2, 1);
    MatrixView in = new MatrixView(random(rng, cols * stride), 16, stride);
    MatrixView fused = new MatrixView(new float[rows * stride], 16, stride);
    MatrixView filled = new MatrixView(new float[rows * stride], 16, stride);
    MatrixView reference = new MatrixView(new float[rows * stride], 16, stride);
    VECTOR.gemmBias(w, rows, cols, bias, in, fused, width);
    for (int j = 0; j < rows; j++) {
      float b = bias.array()[bias.index(j, 0)];
      Arrays.fill(filled.array(), filled.index(j, 0), filled.index(j, width), b);
    }
    VECTOR.gemm(w, rows, cols, in, filled, true, width);
    assertArrayEquals(filled.array(), fused.array());
    SCALAR.gemmBias(w, rows, cols, bias, in, reference, width);
    assertClose(reference.array(), fused.array(), 1e-5f * cols);
  }

  /**
   * Blocks (rows, cols, stride, b0, width) that reach every tile and edge of the GEMM and the outer
   * product: 4×4 tiles, 4×2 and 1×4 edges, single rows, columns and vectors, a narrow last block.
   */
  static Stream<Arguments> blocks() {
    return Stream.of(
        Arguments.of(80, 21, 16, 0, 16),
        Arguments.of(80, 40, 64, 16, 48),
        Arguments.of(80, 22, 512, 256, 256),
        Arguments.of(1, 20, 48, 0, 48),
        Arguments.of(20, 1, 32, 0, 32),
        Arguments.of(21, 80, 96, 32, 64),
        Arguments.of(7, 3, 80, 16, 48),
        Arguments.of(7, 3, 160, 0, 144),
        Arguments.of(1, 20, 96, 16, 80),
        Arguments.of(80, 22, 320, 16, 304),
        Arguments.of(1, 20, 288, 0, 288),
        Arguments.of(1, 23, 64, 0, 64),
        Arguments.of(3, 5, 32, 16, 16),
        Arguments.of(8, 23, 48, 16, 32),
        Arguments.of(6, 22, 64, 16, 32));
  }

  @ParameterizedTest(name = "rows={0} cols={1} stride={2} b0={3} width={4}")
  @MethodSource("blocks")
  void gemmMatchesScalar(int rows, int cols, int stride, int b0, int width) {
    Rng rng = new Rng(rows * 31L + cols);
    MatrixView w = new MatrixView(random(rng, 5 + rows * cols), 5, cols);
    MatrixView in =
        new MatrixView(random(rng, 3 * stride + cols * stride), 3 * stride + b0, stride);
    for (boolean accumulate : new boolean[] {false, true}) {
      float[] out = random(rng, 2 * stride + rows * stride);
      float[] expected = out.clone();
      SCALAR.gemm(
          w, rows, cols, in, new MatrixView(expected, 2 * stride + b0, stride), accumulate, width);
      VECTOR.gemm(
          w, rows, cols, in, new MatrixView(out, 2 * stride + b0, stride), accumulate, width);
      assertClose(expected, out, 1e-5f * cols);
    }
  }

  @ParameterizedTest(name = "rows={0} cols={1} stride={2} b0={3} width={4}")
  @MethodSource("blocks")
  void outerAndRowSumMatchScalar(int rows, int cols, int stride, int b0, int width) {
    Rng rng = new Rng(rows * 7L + cols);
    MatrixView dz = new MatrixView(random(rng, rows * stride), b0, stride);
    MatrixView in = new MatrixView(random(rng, stride + cols * stride), stride + b0, stride);
    float[] dw = random(rng, rows * cols + 2);
    // Two blocks into the same lane-wide accumulators, then one reduction, as BPTT does.
    BiConsumer<LstmKernels, float[]> outer =
        (k, wide) -> {
          for (int repeat = 0; repeat < 2; repeat++) {
            k.outerAccumulate(dz, rows, in, cols, new MatrixView(wide, 2, cols), width);
          }
        };
    assertClose(accumulated(SCALAR, dw, outer), accumulated(VECTOR, dw, outer), 2e-5f * width);
    float[] db = random(rng, rows + 1);
    BiConsumer<LstmKernels, float[]> rowSum =
        (k, wide) -> k.rowSumAccumulate(dz, rows, new MatrixView(wide, 1, 1), width);
    assertClose(accumulated(SCALAR, db, rowSum), accumulated(VECTOR, db, rowSum), 1e-5f * width);
  }

  /**
   * A column range of a wider weight matrix (as {@code BackwardPass} takes layer 1's ∂W, in two
   * calls): the same sums as the scalar reference, and nothing written outside the range.
   */
  @ParameterizedTest(name = "rows={0} cols={1} rowLength={2} first={3} width={4}")
  @CsvSource({"80, 20, 40, 20, 256", "80, 22, 40, 0, 240", "1, 20, 23, 3, 64", "8, 6, 9, 1, 32"})
  void outerAccumulateIntoAColumnRangeMatchesScalar(
      int rows, int cols, int rowLength, int first, int width) {
    Rng rng = new Rng(rows * 11L + cols);
    MatrixView dz = new MatrixView(random(rng, rows * width), 0, width);
    MatrixView in = new MatrixView(random(rng, cols * width), 0, width);
    BiConsumer<LstmKernels, float[]> call =
        (k, wide) ->
            k.outerAccumulate(dz, rows, in, cols, new MatrixView(wide, first, rowLength), width);
    float[] expected = accumulated(SCALAR, new float[rows * rowLength], call);
    float[] actual = accumulated(VECTOR, new float[rows * rowLength], call);
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
   * reading W in place through its row stride (how {@code ForwardPass} runs layers above the first)
   * gives the bits of one gemmBias over W on the stacked input: the same FMAs in the same order.
   * Width 256 runs the bias tile, 240 the fill-then-accumulate fallback. The scalar reference reads
   * the column ranges the same way (it sums in another order).
   */
  @ParameterizedTest(name = "width={0}")
  @CsvSource({"256", "240", "48"})
  void splitGemmGivesTheBitsOfOneGemm(int width) {
    int rows = 80;
    int inputs = 20;
    int cols = inputs + 20;
    int stride = 256;
    Rng rng = new Rng(width);
    MatrixView w = new MatrixView(random(rng, rows * cols), 0, cols);
    MatrixView bias = new MatrixView(random(rng, rows), 0, 1);
    MatrixView stacked = new MatrixView(random(rng, cols * stride), 0, stride);
    for (LstmKernels kernels : new LstmKernels[] {VECTOR, SCALAR}) {
      MatrixView whole = new MatrixView(new float[rows * stride], 0, stride);
      kernels.gemmBias(w, rows, cols, bias, stacked, whole, width);
      MatrixView split = new MatrixView(new float[rows * stride], 0, stride);
      kernels.gemmBias(w, rows, inputs, bias, stacked, split, width);
      kernels.gemm(
          w.fromColumn(inputs), rows, cols - inputs, stacked.fromRow(inputs), split, true, width);
      if (kernels == VECTOR) {
        assertArrayEquals(whole.array(), split.array());
      } else {
        assertClose(whole.array(), split.array(), 1e-5f * cols);
      }
    }
  }

  @ParameterizedTest(name = "hidden={0} stride={1} b0={2} width={3}")
  @CsvSource({"20, 32, 0, 32", "20, 272, 16, 256", "3, 48, 32, 16"})
  void cellForwardAndBackwardMatchScalar(int hidden, int stride, int b0, int width) {
    Rng rng = new Rng(hidden * 13L + stride);
    float[] z = random(rng, 4 * hidden * stride);
    float[] c = random(rng, 2 * hidden * stride);
    float[][] scalar = {z.clone(), c.clone(), new float[hidden * stride]};
    float[][] vector = {z, c, new float[hidden * stride]};
    for (LstmKernels kernels : new LstmKernels[] {SCALAR, VECTOR}) {
      float[][] a = kernels == SCALAR ? scalar : vector;
      kernels.cellForward(
          cell(a[0], a[1], hidden, stride, b0), new MatrixView(a[2], b0, stride), width);
    }
    for (int i = 0; i < 3; i++) {
      assertClose(scalar[i], vector[i], 2e-6f);
    }

    float[] dh = random(rng, hidden * stride);
    float[] dc = random(rng, hidden * stride);
    // The bias gradient, from an offset, into lane-wide accumulators that already hold a sum.
    float[] dbStart = random(rng, 4 * hidden + 3);
    float[][] scalarOut = {dc.clone(), new float[4 * hidden * stride]};
    float[][] vectorOut = {dc, new float[4 * hidden * stride]};
    // c_t (second slot) is what the forward pass wrote; the backward pass recomputes tanh(c_t).
    BiConsumer<LstmKernels, float[]> backward =
        (k, wide) -> {
          float[][] a = k == SCALAR ? scalarOut : vectorOut;
          k.cellBackward(
              cell(z, c, hidden, stride, b0),
              new MatrixView(dh, b0, stride),
              new MatrixView(a[0], b0, stride),
              new MatrixView(a[1], b0, stride),
              new MatrixView(wide, 2, 1),
              width);
        };
    float[] dbScalar = accumulated(SCALAR, dbStart, backward);
    float[] db = accumulated(VECTOR, dbStart, backward);
    assertClose(scalarOut[1], vectorOut[1], 1e-6f);
    assertClose(scalarOut[0], vectorOut[0], 1e-6f);
    assertClose(dbScalar, db, 1e-5f * width);
    // The same bits as summing dz in a second pass.
    float[] twoPass =
        accumulated(
            VECTOR,
            dbStart,
            (k, wide) ->
                k.rowSumAccumulate(
                    new MatrixView(vectorOut[1], b0, stride),
                    4 * hidden,
                    new MatrixView(wide, 2, 1),
                    width));
    assertArrayEquals(twoPass, db);
  }
}
