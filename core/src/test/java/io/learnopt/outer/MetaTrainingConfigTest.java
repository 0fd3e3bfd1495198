package io.learnopt.outer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.problem.StepWeighting;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetaTrainingConfigTest {

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            (Supplier<?>)
                () ->
                    new MetaTrainingConfig(0, 5, 10, 8, 1e-3, 0, 2, 5, 3, 1, StepWeighting.UNIFORM),
            "--epochs"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(
                        4, 0, 10, 8, 1e-3, 0, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            "--unroll"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(4, 5, 0, 8, 1e-3, 0, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            "--horizon"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(
                        4, 5, 12, 8, 1e-3, 0, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            "--horizon (12) must be a multiple of --unroll (5)"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(
                        4, 5, 10, 0, 1e-3, 0, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            "--tasks-per-epoch"),
        Arguments.of(
            supplier(
                () -> new MetaTrainingConfig(4, 5, 10, 8, 0, 0, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            "--lr"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(
                        4, 5, 10, 8, Double.NaN, 0, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            "--lr"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(
                        4, 5, 10, 8, 1e-3, -1, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            "--clip"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(
                        4,
                        5,
                        10,
                        8,
                        1e-3,
                        Double.POSITIVE_INFINITY,
                        2,
                        5,
                        3,
                        1,
                        StepWeighting.UNIFORM)),
            "--clip"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(
                        4, 5, 10, 8, 1e-3, 0, 0, 5, 3, 1, StepWeighting.UNIFORM)),
            "--eval-every"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(
                        4, 5, 10, 8, 1e-3, 0, 2, 0, 3, 1, StepWeighting.UNIFORM)),
            "--eval-tasks"),
        Arguments.of(
            supplier(
                () ->
                    new MetaTrainingConfig(
                        4, 5, 10, 8, 1e-3, 0, 2, 5, 3, 0, StepWeighting.UNIFORM)),
            "--threads"));
  }

  private static Supplier<?> supplier(Supplier<?> s) {
    return s;
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidSettingsAreUsageErrorsNamingTheOption(Supplier<?> make, String fragment) {
    UsageException e = assertThrows(UsageException.class, make::get);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void unrollsPerEpoch() {
    assertEquals(
        4,
        new MetaTrainingConfig(1, 5, 20, 1, 1e-3, 0, 1, 1, 0, 1, StepWeighting.UNIFORM)
            .unrollsPerEpoch());
    assertEquals(
        1,
        new MetaTrainingConfig(1, 7, 7, 1, 1e-3, 0, 1, 1, 0, 1, StepWeighting.UNIFORM)
            .unrollsPerEpoch());
  }
}
