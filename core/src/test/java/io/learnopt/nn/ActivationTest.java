package io.learnopt.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.learnopt.UsageException;
import io.learnopt.autodiff.Tape;
import io.learnopt.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {

  @ParameterizedTest
  @EnumSource(Activation.class)
  void parsesItsOwnId(Activation a) {
    assertEquals(a, Activation.parse(a.id()));
    assertEquals(a, Activation.parse(a.id().toUpperCase(java.util.Locale.ROOT)));
    assertEquals(a.id(), a.toString());
  }

  @Test
  void unknownNameListsTheValidOnes() {
    UsageException e = assertThrows(UsageException.class, () -> Activation.parse("gelu"));
    assertEquals("unknown activation 'gelu'; valid: sigmoid, tanh, relu", e.getMessage());
    assertThrows(UsageException.class, () -> Activation.parse(null));
  }

  @Test
  void appliesOnATape() {
    Tape tape = new Tape();
    var x = tape.constant(Tensor.of(new float[] {-1f, 0f, 2f}, 3));
    assertEquals(0f, Activation.RELU.apply(tape, x).value().get(0));
    assertEquals(0.5f, Activation.SIGMOID.apply(tape, x).value().get(1));
    assertEquals((float) Math.tanh(2), Activation.TANH.apply(tape, x).value().get(2), 1e-6f);
  }
}
