package io.learnopt.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** maxPool2d against a direct loop, its tie rule, and its gradient on tie-free inputs. */
class MaxPool2dOpTest {

  @ParameterizedTest
  @CsvSource({
    "2, 3, 7, 7, 2",
    "1, 2, 5, 6, 2",
    "2, 1, 6, 8, 3",
    "1, 1, 28, 28, 2",
    "1, 2, 4, 4, 1"
  })
  void forwardMatchesTheDirectLoop(int batch, int channels, int h, int w, int size) {
    Rng rng = new Rng(h * 100 + w);
    float[] x = new float[batch * channels * h * w];
    rng.fillGaussian(x, 0f, 1f);
    Tape tape = new Tape();
    Var y = tape.maxPool2d(tape.constant(Tensor.of(x, batch, channels, h, w)), size);
    int ho = h / size;
    int wo = w / size;
    assertArrayEquals(new int[] {batch, channels, ho, wo}, y.shape());
    for (int p = 0; p < batch * channels; p++) {
      for (int oy = 0; oy < ho; oy++) {
        for (int ox = 0; ox < wo; ox++) {
          float max = Float.NEGATIVE_INFINITY;
          for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
              max = Math.max(max, x[(p * h + oy * size + i) * w + ox * size + j]);
            }
          }
          assertEquals(max, y.value().get((p * ho + oy) * wo + ox));
        }
      }
    }
  }

  @Test
  void gradientGoesToTheFirstMaximumOfEachWindow() {
    // One 3×4 image: windows [[1,5],[5,2]] and [[3,3],[0,3]]; the last row is dropped (floor).
    float[] x = {1, 5, 3, 3, 5, 2, 0, 3, 9, 9, 9, 9};
    Tape tape = new Tape();
    Var xv = tape.leaf(Tensor.of(x, 1, 1, 3, 4));
    Var y = tape.maxPool2d(xv, 2);
    assertArrayEquals(new float[] {5, 3}, y.value().toArray());
    tape.backward(y, Tensor.of(new float[] {10, 20}, 1, 1, 1, 2));
    assertArrayEquals(new float[] {0, 10, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0}, xv.grad().toArray());
  }

  @ParameterizedTest
  @CsvSource({"2, 3, 6, 7, 2", "1, 2, 9, 9, 3", "3, 1, 5, 4, 2"})
  void tiesGoToTheFirstMaximumLikeTheDirectLoop(int batch, int channels, int h, int w, int size) {
    // Values from {0, 1, 2}: most windows have ties, often for the maximum.
    Rng rng = new Rng(h * 10 + size);
    float[] x = new float[batch * channels * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(3);
    }
    Tape tape = new Tape();
    Var xv = tape.leaf(Tensor.of(x, batch, channels, h, w));
    Var y = tape.maxPool2d(xv, size);
    float[] g = new float[y.value().size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = i + 1; // distinct, so each window's share is identifiable
    }
    tape.backward(y, Tensor.of(g, y.shape()));
    float[] expected = new float[x.length];
    int ho = h / size;
    int wo = w / size;
    for (int p = 0; p < batch * channels; p++) {
      for (int oy = 0; oy < ho; oy++) {
        for (int ox = 0; ox < wo; ox++) {
          int best = -1;
          for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
              int at = (p * h + oy * size + i) * w + ox * size + j;
              if (best < 0 || x[at] > x[best]) {
                best = at;
              }
            }
          }
          expected[best] += g[(p * ho + oy) * wo + ox];
        }
      }
    }
    assertArrayEquals(expected, xv.grad().toArray());
  }

  @Test
  void gradientMatchesFiniteDifferencesAwayFromTies() {
    int[] shape = {2, 2, 5, 4};
    int n = 2 * 2 * 5 * 4;
    // Distinct values 0.1 apart, shuffled: a step of ±ε = 0.01 never changes a window's argmax.
    float[] x = new float[n];
    Rng rng = new Rng(8);
    for (int i = 0; i < n; i++) {
      x[i] = 0.1f * (i - n / 2);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      float t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    FiniteDifferences.Model model = (t, v) -> t.maxPool2d(v.get(0), 2);
    Tape tape = new Tape();
    Var leaf = tape.leaf(Tensor.of(x.clone(), shape));
    Var y = model.apply(tape, List.of(leaf));
    float[] r = new float[y.value().size()];
    rng.fillGaussian(r, 0f, 1f);
    tape.backward(y, Tensor.of(r.clone(), y.shape()));
    FiniteDifferences.check(
        "maxPool2d",
        model,
        List.of(x),
        List.of(shape),
        r,
        List.of(leaf.grad().toArray()),
        1e-2,
        5e-4,
        5e-3);
  }

  @Test
  void badShapesAreNamed() {
    Tape tape = new Tape();
    for (Runnable call :
        new Runnable[] {
          () -> tape.maxPool2d(tape.leaf(Tensor.zeros(2, 8)), 2),
          () -> tape.maxPool2d(tape.leaf(Tensor.zeros(2, 3, 1, 4)), 2),
          () -> tape.maxPool2d(tape.leaf(Tensor.zeros(2, 3, 4, 4)), 0)
        }) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
      assertTrue(e.getMessage().startsWith("maxPool2d: x ["), e.getMessage());
    }
  }
}
