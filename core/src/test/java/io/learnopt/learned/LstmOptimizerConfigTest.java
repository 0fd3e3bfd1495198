package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LstmOptimizerConfigTest {

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(0, 20, 10f, 1f, "layers", "0"),
        Arguments.of(-1, 20, 10f, 1f, "layers", "-1"),
        Arguments.of(2, 0, 10f, 1f, "hidden", "0"),
        Arguments.of(2, 20, 0f, 1f, "p ", "0.0"),
        Arguments.of(2, 20, -10f, 1f, "p ", "-10.0"),
        Arguments.of(2, 20, Float.NaN, 1f, "p ", "NaN"),
        Arguments.of(2, 20, Float.POSITIVE_INFINITY, 1f, "p ", "Infinity"),
        Arguments.of(2, 20, 10f, 0f, "output scale", "0.0"),
        Arguments.of(2, 20, 10f, -0.1f, "output scale", "-0.1"),
        Arguments.of(2, 20, 10f, Float.NaN, "output scale", "NaN"),
        Arguments.of(2, 20, 10f, Float.POSITIVE_INFINITY, "output scale", "Infinity"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidSettingsAreUsageErrorsNamingTheSettingAndValue(
      int layers, int hidden, float p, float scale, String setting, String value) {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> new LstmOptimizerConfig(layers, hidden, Preprocessing.RAW, p, scale));
    assertTrue(e.getMessage().contains(setting), e.getMessage());
    assertTrue(e.getMessage().endsWith(value), e.getMessage());
  }

  @Test
  void paperSettings() {
    assertEquals(
        new LstmOptimizerConfig(2, 20, Preprocessing.RAW, 10f, 1f),
        LstmOptimizerConfig.paperQuadratic());
    assertEquals(
        new LstmOptimizerConfig(2, 20, Preprocessing.LOG_SIGN, 10f, 0.1f),
        LstmOptimizerConfig.paperNeuralNet());
  }

  @Test
  void derivedSizes() {
    LstmOptimizerConfig c = new LstmOptimizerConfig(3, 7, Preprocessing.LOG_SIGN, 10f, 1f);
    assertEquals(2, c.inputSize(0));
    assertEquals(7, c.inputSize(1));
    assertEquals(7, c.inputSize(2));
    assertEquals(28, c.gateRows());
    assertEquals(1, new LstmOptimizerConfig(1, 1, Preprocessing.RAW, 1f, 1f).inputSize(0));
  }
}
