package io.learnopt.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels}: with the Vector API (the build adds the module) it runs {@link VectorKernels};
 * in a child JVM without the module every kernel gives the {@link ScalarKernels} result, offsets
 * and transposes included.
 */
class KernelsTest {

  @Test
  void theBuildRunsTheVectorKernels() {
    if (!"scalar".equals(System.getProperty("learnopt.kernels"))) {
      assertTrue(Kernels.vector());
      assertEquals(VectorKernels.vectorLength(), Kernels.vectorLength());
    }
    float[] got = new float[6 + 1];
    float[] want = new float[6 + 1];
    Kernels.matmulTransA(A, 1, B, 2, got, 1, 2, 3, 2, false);
    ScalarKernels.matmulTransA(
        new MatrixView(A, 1, 2),
        new MatrixView(B, 2, 2),
        new MatrixView(want, 1, 2),
        2,
        3,
        2,
        false);
    assertArrayEquals(want, got, 1e-6f);
  }

  @Test
  void withoutTheModuleEveryKernelIsTheScalarReference() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    ScalarCheck.class.getName()))
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("scalar kernels agree"), output);
    assertTrue(output.contains(Kernels.MISSING_VECTOR_API), output);
  }

  private static final float[] A = {9, 1, 2, 3, 4, 5, 6, 7};
  private static final float[] B = {9, 9, 1, -1, 2, 0.5f, -3, 4, 8};

  /** Run without jdk.incubator.vector: compares each kernel with its reference, bit for bit. */
  public static final class ScalarCheck {
    public static void main(String[] args) {
      if (Kernels.vector()) {
        throw new AssertionError("Kernels.vector() without the module");
      }
      check(Kernels.vectorLength() == 1, "vectorLength");
      float[] got = new float[7];
      float[] want = new float[7];
      // A stored 3×2 at offset 1, B stored 3×2 at offset 2: C = Aᵀ·B is 2×2 at offset 1.
      Kernels.matmulTransA(A, 1, B, 2, got, 1, 2, 3, 2, false);
      ScalarKernels.matmulTransA(
          new MatrixView(A, 1, 2),
          new MatrixView(B, 2, 2),
          new MatrixView(want, 1, 2),
          2,
          3,
          2,
          false);
      same(want, got, "matmulTransA");
      // C = A·B with A 2×3 at offset 1 and B 3×2 at offset 2, added to C.
      Kernels.matmul(A, 1, B, 2, got, 1, 2, 3, 2, true);
      ScalarKernels.matmul(
          new MatrixView(A, 1, 3),
          new MatrixView(B, 2, 2),
          new MatrixView(want, 1, 2),
          2,
          3,
          2,
          true);
      same(want, got, "matmul");
      // C = A·Bᵀ with A 2×3 at offset 1 and B stored 2×3 at offset 2.
      Kernels.matmulTransB(A, 1, B, 2, got, 1, 2, 3, 2, false);
      ScalarKernels.matmulTransB(
          new MatrixView(A, 1, 3),
          new MatrixView(B, 2, 3),
          new MatrixView(want, 1, 2),
          2,
          3,
          2,
          false);
      same(want, got, "matmulTransB");
      float[] x = {-2, -0.5f, 0, 0.5f, 2, 7};
      float[] y1 = x.clone();
      float[] y2 = x.clone();
      Kernels.axpy(0.5f, A, 1, y1, 0, 6);
      ScalarKernels.axpy(0.5f, A, 1, y2, 0, 6);
      same(y2, y1, "axpy");
      check(Kernels.dot(x, 0, A, 1, 6) == ScalarKernels.dot(x, 0, A, 1, 6), "dot");
      check(Kernels.sumOfSquares(x) == ScalarKernels.sumOfSquares(x, 0, 6), "sumOfSquares");
      float[] out1 = new float[6];
      float[] out2 = new float[6];
      Kernels.scale(3f, x, out1);
      ScalarKernels.scale(3f, x, 0, out2, 0, 6);
      same(out2, out1, "scale");
      Kernels.add(x, y1, out1);
      ScalarKernels.add(x, 0, y1, 0, out2, 0, 6);
      same(out2, out1, "add");
      Kernels.sigmoid(x, out1);
      ScalarKernels.sigmoid(x, 0, out2, 0, 6);
      same(out2, out1, "sigmoid");
      Kernels.tanh(x, out1);
      ScalarKernels.tanh(x, 0, out2, 0, 6);
      same(out2, out1, "tanh");
      Kernels.relu(x, out1);
      ScalarKernels.relu(x, 0, out2, 0, 6);
      same(out2, out1, "relu");
      System.out.println("scalar kernels agree");
    }

    private static void same(float[] want, float[] got, String kernel) {
      check(java.util.Arrays.equals(want, got), kernel);
    }

    private static void check(boolean ok, String what) {
      if (!ok) {
        throw new AssertionError(what + " differs from ScalarKernels");
      }
    }
  }

  @Test
  void expScaledMatchesTheScalarReference() {
    float[] x = new float[37];
    new Rng(4).fillGaussian(x, 0f, 30f);
    x[0] = -200f; // underflows to 0
    x[1] = 0f;
    float[] vector = new float[40];
    float[] scalar = new float[40];
    VectorKernels.expScaled(0.5f, x, 0, vector, 3, x.length);
    ScalarKernels.expScaled(0.5f, x, 0, scalar, 3, x.length);
    for (int i = 0; i < x.length; i++) {
      float want = (float) Math.exp(0.5 * x[i]);
      assertEquals(want, scalar[3 + i], 1e-6f * want, "scalar " + i);
      assertEquals(want, vector[3 + i], 2e-6f * want + 1e-30f, "vector " + i);
    }
    assertEquals(0f, vector[0]);
    assertEquals(1f, vector[4]);
  }

  @Test
  void eluMatchesItsDefinition() {
    float[] x = new float[37];
    new Rng(5).fillGaussian(x, 0f, 3f);
    x[0] = -80f; // e^x − 1 rounds to −1
    x[1] = 0f;
    x[2] = -1e-6f; // expm1 keeps the digits that e^x − 1 would lose
    float[] vector = new float[40];
    float[] scalar = new float[40];
    System.arraycopy(x, 0, vector, 2, x.length);
    System.arraycopy(x, 0, scalar, 2, x.length);
    VectorKernels.elu(vector, 2, x.length);
    ScalarKernels.elu(scalar, 2, x.length);
    for (int i = 0; i < x.length; i++) {
      double want = x[i] > 0 ? x[i] : Math.expm1(x[i]);
      assertEquals(want, scalar[2 + i], 1e-7 * Math.abs(want) + 1e-30, "scalar " + i);
      // 2t/(1 − t) from the rational tanh: within a few float ulps of expm1.
      assertEquals(want, vector[2 + i], 1e-6 * Math.abs(want) + 1e-30, "vector " + i);
    }
    assertEquals(-1f, vector[2]);
    assertEquals(0f, vector[3]);
    assertEquals(0f, vector[0], "outside the range");
  }

  @Test
  void vectorEluIsAccurateOverItsWholeRangeAndAcrossChunks() {
    // 1,000 values from −20 to 5 (several 256-element chunks and a tail), NaN and infinities.
    int n = 1003;
    float[] x = new float[n];
    for (int i = 0; i < 1000; i++) {
      x[i] = -20f + 25f * i / 999f;
    }
    x[1000] = Float.NaN;
    x[1001] = Float.NEGATIVE_INFINITY;
    x[1002] = Float.POSITIVE_INFINITY;
    float[] v = x.clone();
    VectorKernels.elu(v, 0, n);
    for (int i = 0; i < 1000; i++) {
      double want = x[i] > 0 ? x[i] : Math.expm1(x[i]);
      assertEquals(want, v[i], 1e-6 * Math.abs(want) + 1e-30, "x = " + x[i]);
    }
    assertTrue(Float.isNaN(v[1000]));
    assertEquals(-1f, v[1001]);
    assertEquals(Float.POSITIVE_INFINITY, v[1002]);
  }
}
