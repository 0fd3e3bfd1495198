package io.learnopt.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every tape op's gradient against central finite differences, on small random inputs. */
class GradientCheckTest {
  private static final double EPS = 1e-2;
  private static final double ATOL = 5e-4;
  private static final double RTOL = 5e-3;

  /** One op (or tiny composition) applied to inputs of the given shapes. */
  record Case(String name, FiniteDifferences.Model model, int[]... shapes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "matmul", (t, v) -> t.matmul(v.get(0), v.get(1)), new int[] {3, 4}, new int[] {4, 5}),
        new Case(
            "matmul past a vector",
            (t, v) -> t.matmul(v.get(0), v.get(1)),
            new int[] {5, 17},
            new int[] {17, 19}),
        new Case(
            "addBias", (t, v) -> t.addBias(v.get(0), v.get(1)), new int[] {3, 5}, new int[] {5}),
        new Case(
            "linear",
            (t, v) -> t.linear(v.get(0), v.get(1), v.get(2)),
            new int[] {3, 4},
            new int[] {4, 5},
            new int[] {5}),
        new Case("sigmoid", (t, v) -> t.sigmoid(v.get(0)), new int[] {3, 5}),
        new Case("tanh", (t, v) -> t.tanh(v.get(0)), new int[] {3, 5}),
        new Case("relu", (t, v) -> t.relu(v.get(0)), new int[] {3, 5}),
        new Case("add", (t, v) -> t.add(v.get(0), v.get(1)), new int[] {3, 5}, new int[] {3, 5}),
        new Case("add to itself", (t, v) -> t.add(v.get(0), v.get(0)), new int[] {2, 3}),
        new Case(
            "softmaxCrossEntropy",
            (t, v) -> t.softmaxCrossEntropy(v.get(0), new int[] {0, 4, 2, 2}),
            new int[] {4, 5}),
        new Case("mse", (t, v) -> t.mse(v.get(0), v.get(1)), new int[] {3, 5}, new int[] {3, 5}),
        new Case("gram", (t, v) -> t.gram(v.get(0)), new int[] {2, 3, 2, 3}),
        new Case("gram past a vector", (t, v) -> t.gram(v.get(0)), new int[] {1, 5, 4, 5}),
        new Case(
            "style loss: mse of scaled gram to a target",
            (t, v) -> t.scale(t.mse(t.gram(v.get(0)), t.gram(v.get(1))), 3.5f),
            new int[] {1, 4, 3, 3},
            new int[] {1, 4, 3, 3}),
        new Case("scale", (t, v) -> t.scale(v.get(0), -0.75f), new int[] {3, 5}),
        conv2d("conv2d, padding 0", 0, true, new int[] {2, 1, 4, 4}, new int[] {3, 1, 3, 3}),
        conv2d("conv2d, padding 1", 1, true, new int[] {2, 2, 4, 4}, new int[] {3, 2, 3, 3}),
        conv2d(
            "conv2d, non-square, no bias",
            1,
            false,
            new int[] {3, 2, 3, 5},
            new int[] {2, 2, 2, 3}),
        conv2d(
            "conv2d, batch split into products of 3 images and 1",
            1,
            true,
            new int[] {7, 1, 10, 10},
            new int[] {2, 1, 3, 3}),
        batchNorm("batchNorm", 1e-5f, 2, 3, 2, 3),
        batchNorm("batchNorm, one value per image", 1e-3f, 5, 2, 1, 1),
        new Case("reshape", (t, v) -> t.reshape(t.tanh(v.get(0)), 3, 4), new int[] {2, 3, 2, 1}),
        new Case(
            "tanh of linear, reused",
            (t, v) -> {
              Var h = t.tanh(t.linear(v.get(0), v.get(1), v.get(2)));
              return t.add(h, t.sigmoid(h));
            },
            new int[] {2, 3},
            new int[] {3, 4},
            new int[] {4}));
  }

  /** conv2d of x [B, Cin, H, W] by w [Cout, Cin, kh, kw], with a bias [Cout] if {@code bias}. */
  private static Case conv2d(String name, int padding, boolean bias, int[] x, int[] w) {
    return bias
        ? new Case(
            name, (t, v) -> t.conv2d(v.get(0), v.get(1), v.get(2), padding), x, w, new int[] {w[0]})
        : new Case(name, (t, v) -> t.conv2d(v.get(0), v.get(1), padding), x, w);
  }

  /** batchNorm of x [B, C, H, W] with γ and β of shape [C]. */
  private static Case batchNorm(String name, float eps, int... x) {
    int[] channels = {x[1]};
    return new Case(
        name, (t, v) -> t.batchNorm(v.get(0), v.get(1), v.get(2), eps), x, channels, channels);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesFiniteDifferences(Case c) {
    Rng rng = new Rng(20240611L + c.name().hashCode());
    List<float[]> inputs = new ArrayList<>();
    List<int[]> shapes = List.of(c.shapes());
    for (int[] shape : shapes) {
      float[] x = new float[Tensor.zeros(shape).size()];
      rng.fillGaussian(x, 0f, 1f);
      // Keep relu's inputs away from its kink, where the derivative jumps.
      for (int i = 0; i < x.length; i++) {
        if (Math.abs(x[i]) < 0.1f) {
          x[i] += Math.copySign(0.2f, x[i]);
        }
      }
      inputs.add(x);
    }

    Tape tape = new Tape();
    List<Var> leaves = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      leaves.add(tape.leaf(Tensor.of(inputs.get(i).clone(), shapes.get(i))));
    }
    Var out = c.model().apply(tape, leaves);
    float[] r = new float[out.value().size()];
    rng.fillGaussian(r, 0f, 1f);
    tape.backward(out, Tensor.of(r.clone(), out.shape()));

    List<float[]> analytic = new ArrayList<>();
    for (Var leaf : leaves) {
      analytic.add(leaf.grad().toArray());
    }
    // The forward pass on leaves matches the one on constants used for the differences.
    assertEquals(
        FiniteDifferences.projected(c.model(), inputs, shapes, r),
        projection(out.value(), r),
        1e-9);
    FiniteDifferences.check(c.name(), c.model(), inputs, shapes, r, analytic, EPS, ATOL, RTOL);
  }

  private static double projection(Tensor y, float[] r) {
    double sum = 0;
    for (int j = 0; j < y.size(); j++) {
      sum += (double) r[j] * y.get(j);
    }
    return sum;
  }
}
