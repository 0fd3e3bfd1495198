package io.learnopt.optim;

import static io.learnopt.optim.ClosedForms.scaled;
import static io.learnopt.optim.UpdateSequences.GRADS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each registered rule against its textbook form (in double) and its documented behaviour. */
class AliasesTest {

  private static Arguments form(
      Alias rule, double lr, ClosedForms.Reference reference, double... initial) {
    return Arguments.of(rule, lr, reference, initial);
  }

  /** Rules with hyper-parameters away from the defaults, the boundary 0 for the decays included. */
  static Stream<Arguments> closedForms() {
    Stream.Builder<Arguments> forms = Stream.builder();
    for (double lr : new double[] {1e-3, 0.1, 3}) {
      forms.add(form(Aliases.sgd(lr), lr, (t, g, s) -> -lr * g));
    }
    for (double[] p : new double[][] {{0.1, 0.9}, {0.01, 0.5}, {1.0, 0.99}, {0.1, 0}}) {
      Alias rule = Aliases.momentum(p[0], p[1]);
      forms.add(form(rule, p[0], scaled(-p[0], ClosedForms.trace(p[1], false)), 0));
    }
    for (double[] p : new double[][] {{0.1, 0.9}, {0.01, 0.5}, {1.0, 0.99}}) {
      Alias rule = Aliases.nesterov(p[0], p[1]);
      forms.add(form(rule, p[0], scaled(-p[0], ClosedForms.trace(p[1], true)), 0));
    }
    for (double[] p :
        new double[][] {
          {0.01, 0.9, 1e-8}, {0.001, 0.99, 1e-8}, {0.1, 0.5, 1e-3}, {0.01, 0, 1e-8}
        }) {
      Alias rule = Aliases.rmsprop(p[0], p[1], p[2]);
      forms.add(form(rule, p[0], scaled(-p[0], ClosedForms.rms(p[1], p[2])), 0));
    }
    for (double[] p :
        new double[][] {
          {0.001, 0.9, 0.999, 1e-8},
          {0.1, 0.5, 0.9, 1e-8},
          {0.01, 0, 0.99, 1e-3},
          {0.01, 0.9, 0, 1e-8}
        }) {
      Alias rule = Aliases.adam(p[0], p[1], p[2], p[3]);
      forms.add(form(rule, p[0], scaled(-p[0], ClosedForms.adam(p[1], p[2], p[3])), 0, 0));
    }
    for (double[] p : new double[][] {{0.01, 1e-8, 0}, {0.1, 1e-10, 0.1}, {1.0, 1e-3, 2}}) {
      Alias rule = Aliases.adagrad(p[0], p[1], p[2]);
      forms.add(form(rule, p[0], scaled(-p[0], ClosedForms.rss(p[1])), p[2]));
    }
    for (double[] p :
        new double[][] {
          {0.01, 0.5, 1.2, 1e-6, 50},
          // Tight bounds so both clamps act within five steps: 0.1 grows to 0.12, 0.144, then caps
          // at 0.15; shrinks to 0.05, then floors at 0.04.
          {0.1, 0.5, 1.2, 0.04, 0.15},
          // An initial step above stepMax is clamped at step 1, as in PyTorch.
          {2.0, 0.3, 1.5, 1e-3, 1.0}
        }) {
      Alias rule = Aliases.rprop(p[0], p[1], p[2], p[3], p[4]);
      forms.add(form(rule, p[0], scaled(-1, ClosedForms.rprop(p[1], p[2], p[3], p[4])), p[0], 0));
    }
    return forms.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("closedForms")
  void matchesItsClosedForm(
      Alias rule, double lr, ClosedForms.Reference reference, double[] initial) {
    UpdateSequences.assertClose(
        UpdateSequences.expected(reference, initial), UpdateSequences.run(rule, GRADS), lr);
  }

  @ParameterizedTest
  @ValueSource(floats = {1e-3f, -0.5f, 1f, -7f, 1e3f})
  void adamBiasCorrectionMakesFirstStepLrTimesSign(float g) {
    // m̂₁ = g and v̂₁ = g², so u₁ = −lr·g/(|g| + ε) = −lr·sign(g)·(1 − ε/|g| + …), ε/|g| ≤ 1e-5.
    // Without the correction u₁ would be −lr·(1 − β₁)/√(1 − β₂)·sign(g) ≈ −3.16·lr·sign(g).
    double lr = 1e-3;
    float[][] u = UpdateSequences.run(Aliases.adam(lr), new float[][] {{g}});
    assertEquals(-lr * Math.signum(g), u[0][0], lr * 2e-5);
  }

  @Test
  void adamGivesZeroUpdateForZeroGradient() {
    float[][] u = UpdateSequences.run(Aliases.adam(1e-3), new float[][] {{0f}, {0f}});
    assertEquals(0.0, u[1][0], 0.0);
  }

  static Stream<Arguments> defaults() {
    return Stream.of(
        Arguments.of(Aliases.momentum(0.1), Aliases.momentum(0.1, 0.9)),
        Arguments.of(Aliases.nesterov(0.1), Aliases.nesterov(0.1, 0.9)),
        Arguments.of(Aliases.rmsprop(0.1), Aliases.rmsprop(0.1, 0.9, 1e-8)),
        Arguments.of(Aliases.adam(0.1), Aliases.adam(0.1, 0.9, 0.999, 1e-8)),
        Arguments.of(Aliases.adagrad(0.1), Aliases.adagrad(0.1, 1e-8, 0)),
        Arguments.of(Aliases.rprop(0.1), Aliases.rprop(0.1, 0.5, 1.2, 1e-6, 50)));
  }

  /** The defaults besides lr: the papers' (Adam, Rprop's η), the lecture's ρ, else PyTorch's. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("defaults")
  void defaultsAreThePapersOrPyTorchs(Alias withDefaults, Alias spelledOut) {
    assertEquals(spelledOut, withDefaults);
  }

  @Test
  void nesterovFirstStepLooksAheadByOneMomentumStep() {
    // v₁ = g, so u₁ = −lr·(1 + β)·g.
    float[][] u = UpdateSequences.run(Aliases.nesterov(0.1, 0.9), new float[][] {{2f}});
    assertEquals(-0.1 * 1.9 * 2, u[0][0], 1e-7);
  }

  @Test
  void nesterovsRegistryNameIsNag() {
    assertEquals("nag", Aliases.nesterov(0.1).name());
  }

  @Test
  void rpropSignChangeHoldsStillShrinksStepAndForgetsTheGradient() {
    // Coordinate 1 of GRADS alternates: −1, +0.8, −0.7, +0.6, −0.5.
    // t1: no memory → Δ stays 0.1, u = +0.1.  t2: sign change → Δ = 0.05, u = 0, memory zeroed.
    // t3: memory 0 → Δ stays 0.05, u = +0.05.  t4: change → Δ = 0.025, u = 0.  t5: u = +0.025.
    float[][] grads = new float[GRADS.length][];
    for (int t = 0; t < GRADS.length; t++) {
      grads[t] = new float[] {GRADS[t][1]};
    }
    float[][] u = UpdateSequences.run(Aliases.rprop(0.1), grads);
    float[] coordinate = new float[u.length];
    for (int t = 0; t < u.length; t++) {
      coordinate[t] = u[t][0];
    }
    assertArrayEquals(new float[] {0.1f, 0f, 0.05f, 0f, 0.025f}, coordinate, 1e-8f);
  }

  @Test
  void rpropSteadySignGrowsStepGeometrically() {
    float[][] u = UpdateSequences.run(Aliases.rprop(0.1), new float[][] {{-1}, {-2}, {-0.001f}});
    assertArrayEquals(
        new float[] {0.1f, 0.12f, 0.144f}, new float[] {u[0][0], u[1][0], u[2][0]}, 1e-7f);
  }
}
