package io.learnopt.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Classifier} checks before computing anything: parameter, gradient, input and
 * label arrays of the right sizes and a positive batch, each failure naming the network and sizes.
 */
class ClassifierTest {
  private static final int BATCH = 2;

  static Stream<Classifier> classifiers() {
    return Stream.of(
        new Mlp(2, List.of(3), 2, Activation.TANH), new ConvNet(1, 4, 4, 2, 1, true, 2));
  }

  @ParameterizedTest
  @MethodSource("classifiers")
  void rejectsParametersOfAnotherLength(Classifier net) {
    assertRejected(
        net.kind()
            + ": params has 5 floats, this network has "
            + net.parameterCount()
            + " parameters",
        () ->
            net.lossAndGradient(
                new float[5], inputs(net, BATCH), new int[BATCH], BATCH, grad(net)));
    assertRejected(
        net.kind()
            + ": gradOut has 5 floats, this network has "
            + net.parameterCount()
            + " parameters",
        () ->
            net.lossAndGradient(
                grad(net), inputs(net, BATCH), new int[BATCH], BATCH, new float[5]));
  }

  @ParameterizedTest
  @MethodSource("classifiers")
  void rejectsTooFewInputs(Classifier net) {
    int needed = BATCH * net.inputSize();
    assertRejected(
        net.kind()
            + ": 2 rows of "
            + net.inputSize()
            + " inputs need "
            + needed
            + " floats, the array has "
            + (needed - 1),
        () ->
            net.lossAndGradient(
                grad(net), new float[needed - 1], new int[BATCH], BATCH, grad(net)));
  }

  @ParameterizedTest
  @MethodSource("classifiers")
  void rejectsTooFewLabels(Classifier net) {
    assertRejected(
        net.kind() + ": 1 labels for a batch of 2",
        () -> net.accuracy(grad(net), inputs(net, BATCH), new int[1], BATCH));
  }

  @ParameterizedTest
  @MethodSource("classifiers")
  void rejectsAnEmptyBatch(Classifier net) {
    assertRejected(
        net.kind() + ": batch must be positive, got 0",
        () -> net.logits(grad(net), inputs(net, BATCH), 0));
  }

  private static float[] inputs(Classifier net, int rows) {
    return new float[rows * net.inputSize()];
  }

  private static float[] grad(Classifier net) {
    return new float[net.parameterCount()];
  }

  private static void assertRejected(String message, Executable call) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
