package io.learnopt.optim;

import static io.learnopt.optim.UpdateSequences.GRADS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.learnopt.UsageException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The transformations on their own: their formulas unscaled, in place, and with a state. */
class TransformsTest {

  static Stream<Arguments> closedForms() {
    return Stream.of(
        Arguments.of(Optimizers.scale(2.5), (ClosedForms.Reference) (t, g, s) -> 2.5 * g, null),
        Arguments.of(Optimizers.trace(0.9, false), ClosedForms.trace(0.9, false), new double[1]),
        Arguments.of(Optimizers.trace(0.5, true), ClosedForms.trace(0.5, true), new double[1]),
        Arguments.of(Optimizers.scaleByRms(0.9, 1e-8), ClosedForms.rms(0.9, 1e-8), new double[1]),
        Arguments.of(Optimizers.scaleByRss(1e-8, 0.1), ClosedForms.rss(1e-8), new double[] {0.1}),
        Arguments.of(
            Optimizers.scaleByAdam(0.9, 0.999, 1e-8),
            ClosedForms.adam(0.9, 0.999, 1e-8),
            new double[2]),
        Arguments.of(
            Optimizers.scaleByRprop(0.1, 0.5, 1.2, 1e-6, 50),
            ClosedForms.rprop(0.5, 1.2, 1e-6, 50),
            new double[] {0.1, 0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("closedForms")
  void matchesItsClosedFormWithOutputScaleOne(
      GradientTransform transform, ClosedForms.Reference reference, double[] initial) {
    double[][] expected =
        UpdateSequences.expected(reference, initial == null ? new double[0] : initial);
    UpdateSequences.assertClose(
        expected, UpdateSequences.run(new Chain(List.of(transform)), GRADS), 1);
  }

  /** The same updates whether {@code out} is a separate array or the gradient itself. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("closedForms")
  void appliesInPlace(GradientTransform transform) {
    int n = GRADS[0].length;
    GradientTransform.State separate = transform.init(n);
    GradientTransform.State inPlace = transform.init(n);
    for (float[] grad : GRADS) {
      float[] out = new float[n];
      transform.apply(grad, new float[n], separate, out);
      float[] overwritten = grad.clone();
      transform.apply(overwritten, new float[n], inPlace, overwritten);
      assertArrayEquals(out, overwritten);
    }
  }

  @Test
  void rejectsAnotherTransformsStateNamingBoth() {
    GradientTransform.State rms = Optimizers.scaleByRms(0.9, 1e-8).init(2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Optimizers.trace(0.9, false).apply(new float[2], new float[2], rms, new float[2]));
    assertTrue(
        e.getMessage().contains("trace") && e.getMessage().contains("scaleByRms"), e.getMessage());
  }

  /** A factor of 1 changes no bit; another factor scales the output up to rounding. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("closedForms")
  void aScalableTransformAppliesItsFactorInTheLoop(GradientTransform transform) {
    assumeTrue(transform instanceof Scalable, "not scalable");
    Scalable scalable = (Scalable) transform;
    int n = GRADS[0].length;
    GradientTransform.State plain = scalable.init(n);
    GradientTransform.State one = scalable.init(n);
    GradientTransform.State minusThree = scalable.init(n);
    for (float[] grad : GRADS) {
      float[] expected = new float[n];
      scalable.apply(grad, new float[n], plain, expected);
      float[] out = new float[n];
      scalable.apply(grad, new float[n], one, out, 1);
      assertArrayEquals(expected, out);
      scalable.apply(grad, new float[n], minusThree, out, -3);
      for (int i = 0; i < n; i++) {
        assertEquals(-3 * expected[i], out[i], 3 * Math.ulp(3 * expected[i]));
      }
    }
  }

  @Test
  void rejectsBadHyperParametersNamingTheTransform() {
    UsageException e =
        assertThrows(UsageException.class, () -> Optimizers.scaleByAdam(1, 0.999, 1e-8));
    assertTrue(e.getMessage().startsWith("scaleByAdam: beta1 must be in [0, 1)"), e.getMessage());
    assertThrows(UsageException.class, () -> Optimizers.scale(Double.NaN));
    assertThrows(UsageException.class, () -> Optimizers.trace(-0.1, false));
    assertThrows(UsageException.class, () -> Optimizers.scaleByRss(1e-8, -1));
    assertThrows(UsageException.class, () -> Optimizers.scaleByRprop(0.1, 0.5, 1.2, 1, 0.5));
  }
}
