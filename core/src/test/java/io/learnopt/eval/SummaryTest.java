package io.learnopt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SummaryTest {

  static Stream<Arguments> samples() {
    return Stream.of(
        // values, mean, std (n − 1), median
        Arguments.of(new double[] {5}, 5, 0, 5),
        Arguments.of(new double[] {1, 3}, 2, Math.sqrt(2), 2),
        Arguments.of(new double[] {3, 1, 2}, 2, 1, 2),
        Arguments.of(new double[] {4, 1, 3, 2}, 2.5, Math.sqrt(5.0 / 3), 2.5),
        Arguments.of(new double[] {10, 0, 0, 0, 0}, 2, Math.sqrt(80.0 / 4), 0),
        Arguments.of(new double[] {-1, 1, -1, 1}, 0, Math.sqrt(4.0 / 3), 0));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void closedForms(double[] values, double mean, double std, double median) {
    Summary s = Summary.of(values);
    assertEquals(mean, s.mean(), 1e-12);
    assertEquals(std, s.std(), 1e-12);
    assertEquals(median, s.median(), 1e-12);
  }

  @Test
  void doesNotReorderTheInput() {
    double[] values = {3, 1, 2};
    Summary.of(values);
    assertEquals(3, values[0]);
    assertEquals(1, values[1]);
  }

  @Test
  void nanCountsAsPositiveInfinity() {
    Summary s = Summary.of(new double[] {1, Double.NaN, 3});
    assertEquals(Double.POSITIVE_INFINITY, s.mean());
    assertEquals(Double.POSITIVE_INFINITY, s.std());
    // Sorted as 1, 3, +∞: the median stays finite.
    assertEquals(3, s.median());
  }

  @Test
  void nanInTheMiddleOfAnEvenSampleMakesTheMedianInfinite() {
    Summary s = Summary.of(new double[] {Double.NaN, 1, Double.NaN, 2});
    // Sorted 1, 2, +∞, +∞: median is (2 + ∞)/2.
    assertEquals(Double.POSITIVE_INFINITY, s.median());
    assertEquals(Double.POSITIVE_INFINITY, s.mean());
  }

  @Test
  void infiniteValueMakesMeanAndStdInfinite() {
    Summary s = Summary.of(new double[] {Double.POSITIVE_INFINITY, 2});
    assertEquals(Double.POSITIVE_INFINITY, s.mean());
    assertEquals(Double.POSITIVE_INFINITY, s.std());
  }

  @Test
  void log10OfMean() {
    assertEquals(2, Summary.of(new double[] {50, 150}).log10Mean(), 1e-12);
  }

  @Test
  void emptySampleIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Summary.of(new double[0]));
  }
}
