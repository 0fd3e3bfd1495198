package io.learnopt.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tape bookkeeping: flat parameter binding, accumulation, constants and misuse. */
class TapeTest {

  @Test
  void parameterGradientsLandAtTheirFlatOffsetsAndAccumulate() {
    ParameterLayout layout = ParameterLayout.builder().add("w", 2, 1).add("b", 1).build();
    float[] params = {2f, -3f, 0.5f};
    float[] grad = {10f, 10f, 10f}; // backward adds to what is there
    Tape tape = new Tape();
    List<Var> p = tape.parameters(layout, params, grad);
    Var x = tape.constant(Tensor.of(new float[] {1f, 4f}, 1, 2));
    Var target = tape.constant(Tensor.of(new float[] {0f}, 1, 1));
    // y = 2·1 − 3·4 + 0.5 = −9.5; L = y²; ∂L/∂y = −19.
    Var loss = tape.mse(tape.linear(x, p.get(0), p.get(1)), target);
    assertEquals(90.25f, loss.item(), 1e-5);
    tape.backward(loss);
    assertArrayEquals(new float[] {10f - 19f, 10f - 76f, 10f - 19f}, grad, 1e-4f);
    assertArrayEquals(new float[] {2f, -3f, 0.5f}, params);
  }

  @Test
  void constantsGetNoGradientAndNoSteps() {
    Tape tape = new Tape();
    Var x = tape.constant(Tensor.zeros(2, 2));
    Var y = tape.tanh(x);
    assertEquals(0, tape.size());
    assertTrue(!y.requiresGrad());
    assertThrows(IllegalStateException.class, x::grad);
    assertThrows(IllegalArgumentException.class, () -> tape.backward(tape.mse(y, x)));
  }

  @Test
  void branchesOffThePathAreSkipped() {
    Tape tape = new Tape();
    Var a = tape.leaf(Tensor.of(new float[] {1f, 2f}, 1, 2));
    Var unused = tape.sigmoid(a);
    Var loss = tape.mse(a, tape.constant(Tensor.zeros(1, 2)));
    tape.backward(loss);
    assertArrayEquals(new float[] {1f, 2f}, a.grad().toArray(), 1e-6f);
    assertTrue(unused.requiresGrad());
  }

  @Test
  void backwardRunsOncePerTape() {
    Tape tape = new Tape();
    Var a = tape.leaf(Tensor.zeros(1, 1));
    Var loss = tape.mse(a, tape.constant(Tensor.zeros(1, 1)));
    tape.backward(loss);
    assertThrows(IllegalStateException.class, () -> tape.backward(loss));
    assertThrows(IllegalStateException.class, () -> tape.relu(a));
  }

  @Test
  void varsOfAnotherTapeAreRejected() {
    Tape first = new Tape();
    Var a = first.leaf(Tensor.zeros(2, 2));
    Tape second = new Tape();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> second.relu(a));
    assertTrue(e.getMessage().contains("another Tape"), e.getMessage());
  }

  @Test
  void shapeErrorsNameTheShapes() {
    Tape tape = new Tape();
    Var x = tape.leaf(Tensor.zeros(4, 3));
    Var w = tape.leaf(Tensor.zeros(5, 2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tape.matmul(x, w));
    assertTrue(
        e.getMessage().contains("[4, 3]") && e.getMessage().contains("[5, 2]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> tape.addBias(x, tape.leaf(Tensor.zeros(2))));
    assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> tape.softmaxCrossEntropy(x, new int[] {0, 1, 3, 0}));
    assertTrue(e.getMessage().contains("label 3 of row 2"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> tape.softmaxCrossEntropy(x, new int[] {0, 1}));
    assertThrows(IllegalArgumentException.class, () -> tape.add(x, tape.leaf(Tensor.zeros(3, 4))));
    e = assertThrows(IllegalArgumentException.class, () -> tape.reshape(x, 5, 2));
    assertTrue(
        e.getMessage().contains("[4, 3]") && e.getMessage().contains("[5, 2]"), e.getMessage());
  }

  @Test
  void softmaxCrossEntropyIsStableForHugeLogits() {
    Tape tape = new Tape();
    Var z = tape.leaf(Tensor.of(new float[] {1000f, 0f, -1000f, 500f, 500f, 0f}, 2, 3));
    Var loss = tape.softmaxCrossEntropy(z, new int[] {0, 1});
    // Row 0 is certain and right (loss 0); row 1 splits between two classes (loss ln 2).
    assertEquals(Math.log(2) / 2, loss.item(), 1e-6);
    tape.backward(loss);
    float[] g = z.grad().toArray();
    assertArrayEquals(new float[] {0f, 0f, 0f, 0.25f, -0.25f, 0f}, g, 1e-6f);
  }
}
