package io.learnopt.autodiff;

import static org.junit.jupiter.api.Assertions.fail;

import io.learnopt.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Central finite differences of f(inputs) = Σ_j r_j·y_j(inputs), a fixed random projection of a
 * Var-valued function, so one check covers the whole Jacobian: the analytic side is the tape's
 * vector-Jacobian product with output gradient r. The projection is summed in double, so the only
 * float32 noise is in the forward pass itself.
 */
final class FiniteDifferences {
  /** A function of Vars recorded on a tape. */
  interface Model {
    Var apply(Tape tape, List<Var> inputs);
  }

  private FiniteDifferences() {}

  /** Σ_j r_j·y_j with every input a constant on a fresh tape. */
  static double projected(Model model, List<float[]> inputs, List<int[]> shapes, float[] r) {
    Tape tape = new Tape();
    List<Var> vars = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      vars.add(tape.constant(Tensor.of(inputs.get(i), shapes.get(i))));
    }
    Tensor y = model.apply(tape, vars).value();
    double sum = 0;
    for (int j = 0; j < y.size(); j++) {
      sum += (double) r[j] * y.get(j);
    }
    return sum;
  }

  /**
   * Fails unless, for every element x of every input, |analytic − fd| ≤ atol + rtol·|fd| where fd =
   * (f(x + ε) − f(x − ε)) / 2ε.
   */
  static void check(
      String what,
      Model model,
      List<float[]> inputs,
      List<int[]> shapes,
      float[] r,
      List<float[]> analytic,
      double eps,
      double atol,
      double rtol) {
    for (int i = 0; i < inputs.size(); i++) {
      float[] x = inputs.get(i);
      for (int e = 0; e < x.length; e++) {
        float saved = x[e];
        x[e] = (float) (saved + eps);
        double plus = projected(model, inputs, shapes, r);
        x[e] = (float) (saved - eps);
        double minus = projected(model, inputs, shapes, r);
        x[e] = saved;
        double fd = (plus - minus) / (2 * eps);
        double a = analytic.get(i)[e];
        if (!(Math.abs(a - fd) <= atol + rtol * Math.abs(fd))) {
          fail(
              what
                  + ": input "
                  + i
                  + " element "
                  + e
                  + ": tape "
                  + a
                  + ", finite difference "
                  + fd);
        }
      }
    }
  }
}
