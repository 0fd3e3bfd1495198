package io.learnopt.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv2d against the definition written as a direct loop: the forward value, and the backward pass
 * against the same loop's adjoint (∂L/∂X, ∂L/∂W, ∂L/∂b for a random ∂L/∂Y), on shapes that need
 * several im2col groups, padding wider than the kernel's reach, and non-square kernels. Finite
 * differences of the small cases are in {@link GradientCheckTest}.
 */
class Conv2dOpTest {

  /** X [batch, cin, h, w], W [cout, cin, kh, kw], zero padding pad. */
  record Shape(int batch, int cin, int h, int w, int cout, int kh, int kw, int pad) {
    int ho() {
      return h + 2 * pad - kh + 1;
    }

    int wo() {
      return w + 2 * pad - kw + 1;
    }
  }

  static Stream<Shape> shapes() {
    return Stream.of(
        new Shape(1, 1, 5, 5, 1, 3, 3, 0),
        new Shape(2, 3, 6, 4, 5, 3, 3, 1),
        new Shape(3, 2, 5, 7, 4, 2, 3, 2),
        new Shape(2, 2, 2, 2, 3, 3, 3, 2), // padding reaches past the whole image
        new Shape(9, 3, 8, 8, 4, 3, 3, 1), // products of 4, 4 and 1 images
        new Shape(5, 2, 28, 28, 3, 3, 3, 1), // one image per product
        new Shape(11, 16, 3, 3, 8, 3, 3, 1), // the few-shot net's last block
        new Shape(3, 2, 9, 9, 4, 5, 5, 2), // the paper's CIFAR layer: 5×5, same size
        new Shape(2, 2, 2, 2, 3, 5, 5, 2), // same width, kernel wider than the image
        new Shape(2, 1, 4, 6, 2, 2, 3, 1), // same width, taller output
        new Shape(2, 1, 1, 5, 2, 3, 3, 1)); // same width, one input row
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void forwardAndBackwardMatchTheDirectLoop(Shape s) {
    Rng rng = new Rng(31 + s.hashCode());
    float[] x = gaussian(rng, s.batch() * s.cin() * s.h() * s.w());
    float[] w = gaussian(rng, s.cout() * s.cin() * s.kh() * s.kw());
    float[] b = gaussian(rng, s.cout());
    float[] g = gaussian(rng, s.batch() * s.cout() * s.ho() * s.wo());

    Tape tape = new Tape();
    Var xv = tape.leaf(Tensor.of(x.clone(), s.batch(), s.cin(), s.h(), s.w()));
    Var wv = tape.leaf(Tensor.of(w.clone(), s.cout(), s.cin(), s.kh(), s.kw()));
    Var bv = tape.leaf(Tensor.of(b.clone(), s.cout()));
    Var y = tape.conv2d(xv, wv, bv, s.pad());
    assertEquals(
        Arrays.toString(new int[] {s.batch(), s.cout(), s.ho(), s.wo()}),
        Arrays.toString(y.shape()));
    tape.backward(y, Tensor.of(g.clone(), y.shape()));

    float[] yRef = new float[g.length];
    float[] dx = new float[x.length];
    float[] dw = new float[w.length];
    float[] db = new float[b.length];
    direct(s, x, w, b, yRef, g, dx, dw, db);
    assertClose("Y", yRef, y.value().toArray());
    assertClose("dX", dx, xv.grad().toArray());
    assertClose("dW", dw, wv.grad().toArray());
    assertClose("db", db, bv.grad().toArray());
  }

  @Test
  void withoutBiasIsTheBiasFreeLoop() {
    Shape s = new Shape(2, 2, 4, 5, 3, 3, 3, 1);
    Rng rng = new Rng(5);
    float[] x = gaussian(rng, 2 * 2 * 4 * 5);
    float[] w = gaussian(rng, 3 * 2 * 3 * 3);
    Tape tape = new Tape();
    Var y =
        tape.conv2d(
            tape.constant(Tensor.of(x, 2, 2, 4, 5)), tape.constant(Tensor.of(w, 3, 2, 3, 3)), 1);
    float[] yRef = new float[y.value().size()];
    float[] none = new float[yRef.length];
    direct(s, x, w, new float[3], yRef, none, new float[x.length], new float[w.length], null);
    assertClose("Y", yRef, y.value().toArray());
  }

  @Test
  void badShapesAreNamed() {
    Tape tape = new Tape();
    Var x = tape.leaf(Tensor.zeros(2, 3, 5, 5));
    assertMessage(
        () -> tape.conv2d(x, tape.leaf(Tensor.zeros(4, 2, 3, 3)), 1),
        "[2, 3, 5, 5]",
        "[4, 2, 3, 3]");
    assertMessage(
        () -> tape.conv2d(tape.leaf(Tensor.zeros(2, 75)), tape.leaf(Tensor.zeros(4, 3, 3, 3)), 0),
        "[2, 75]",
        "[4, 3, 3, 3]");
    assertMessage(
        () -> tape.conv2d(x, tape.leaf(Tensor.zeros(4, 3, 7, 3)), 0), "7×3", "[2, 3, 5, 5]");
    assertMessage(() -> tape.conv2d(x, tape.leaf(Tensor.zeros(4, 3, 3, 3)), -1), "padding -1");
    assertMessage(
        () -> tape.conv2d(x, tape.leaf(Tensor.zeros(4, 3, 3, 3)), tape.leaf(Tensor.zeros(3)), 1),
        "bias [3]",
        "[4]");
  }

  /**
   * Y = b + Σ W·X over the padded window, and for G = ∂L/∂Y the adjoints dX, dW, db (db may be
   * null), by the definition: every (image, out channel, pixel, in channel, tap) once.
   */
  static void direct(
      Shape s,
      float[] x,
      float[] w,
      float[] b,
      float[] y,
      float[] g,
      float[] dx,
      float[] dw,
      float[] db) {
    for (int n = 0; n < s.batch(); n++) {
      for (int o = 0; o < s.cout(); o++) {
        for (int oy = 0; oy < s.ho(); oy++) {
          for (int ox = 0; ox < s.wo(); ox++) {
            int yi = ((n * s.cout() + o) * s.ho() + oy) * s.wo() + ox;
            double sum = b[o];
            for (int c = 0; c < s.cin(); c++) {
              for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++) {
                  int iy = oy + i - s.pad();
                  int ix = ox + j - s.pad();
                  if (iy < 0 || iy >= s.h() || ix < 0 || ix >= s.w()) {
                    continue;
                  }
                  int xi = ((n * s.cin() + c) * s.h() + iy) * s.w() + ix;
                  int wi = ((o * s.cin() + c) * s.kh() + i) * s.kw() + j;
                  sum += (double) w[wi] * x[xi];
                  dx[xi] += g[yi] * w[wi];
                  dw[wi] += g[yi] * x[xi];
                }
              }
            }
            y[yi] = (float) sum;
            if (db != null) {
              db[o] += g[yi];
            }
          }
        }
      }
    }
  }

  private static float[] gaussian(Rng rng, int n) {
    float[] v = new float[n];
    rng.fillGaussian(v, 0f, 1f);
    return v;
  }

  /** Equal up to float32 rounding of sums of up to a few hundred terms of size ~1. */
  private static void assertClose(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      double tol = 1e-4 * Math.max(1, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
    }
  }

  private static void assertMessage(Runnable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
    }
  }
}
