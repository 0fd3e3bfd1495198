package io.learnopt.nn;

import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import io.learnopt.tensor.ParameterGroups;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A network that classifies rows of {@code inputs} with all its parameters in one flat vector: what
 * a few-shot method trains in its inner loop ({@link Mlp}, {@code ConvNet}). The spec is immutable;
 * the parameters live in the caller's arrays, so one spec serves any number of episodes. A network
 * defines its graph ({@link #forward}); loss, gradient, logits and accuracy follow from it.
 */
public interface Classifier {
  /** The names, shapes and flat offsets of the parameters (the coordinates a method updates). */
  ParameterLayout layout();

  /**
   * The parameters by layer type ({@link ParameterGroups#byLayerType}): convolution kernels in one
   * group, everything else in the other.
   */
  default ParameterGroups groups() {
    return ParameterGroups.byLayerType(layout());
  }

  /** Length of the flat parameter (and gradient) vector. */
  int parameterCount();

  /** Floats per input row. */
  int inputSize();

  /** Writes initial parameters drawn from {@code rng} into {@code params}. */
  void initialize(Rng rng, float[] params);

  /** A new flat parameter vector initialized by {@link #initialize(Rng, float[])}. */
  default float[] initialize(Rng rng) {
    float[] params = new float[parameterCount()];
    initialize(rng, params);
    return params;
  }

  /** A short name for error messages, e.g. {@code mlp}. */
  String kind();

  /** The logits [batch × classes] of the first {@code batch} rows of {@code inputs}, on a tape. */
  Var forward(Tape tape, List<Var> params, float[] inputs, int batch);

  /**
   * Mean softmax cross-entropy of the first {@code batch} rows of {@code inputs} against {@code
   * labels}; overwrites {@code gradOut} with its gradient with respect to {@code params}.
   */
  default float lossAndGradient(
      float[] params, float[] inputs, int[] labels, int batch, float[] gradOut) {
    requireLength("params", params);
    requireLength("gradOut", gradOut);
    int[] y = batchLabels(labels, batch);
    Arrays.fill(gradOut, 0f);
    Tape tape = new Tape();
    Var logits = forward(tape, tape.parameters(layout(), params, gradOut), inputs, batch);
    Var loss = tape.softmaxCrossEntropy(logits, y);
    tape.backward(loss);
    return loss.item();
  }

  /** The mean softmax cross-entropy alone, with no gradient work. */
  default float loss(float[] params, float[] inputs, int[] labels, int batch) {
    Tape tape = new Tape();
    Var logits = forward(tape, constants(tape, params), inputs, batch);
    return tape.softmaxCrossEntropy(logits, batchLabels(labels, batch)).item();
  }

  /** Logits [batch × classes] of the first {@code batch} rows of {@code inputs}. */
  default Tensor logits(float[] params, float[] inputs, int batch) {
    Tape tape = new Tape();
    return forward(tape, constants(tape, params), inputs, batch).value();
  }

  /** Fraction of the first {@code batch} rows whose largest logit is at their label. */
  default float accuracy(float[] params, float[] inputs, int[] labels, int batch) {
    return Accuracy.of(logits(params, inputs, batch), batchLabels(labels, batch), batch);
  }

  /** The parameters as constants on {@code tape} (no gradient work). */
  private List<Var> constants(Tape tape, float[] params) {
    requireLength("params", params);
    List<Var> vars = new ArrayList<>();
    for (Tensor t : layout().views(params)) {
      vars.add(tape.constant(t));
    }
    return vars;
  }

  /** The first {@code batch} labels; fails if there are fewer. */
  private int[] batchLabels(int[] labels, int batch) {
    if (labels.length < batch) {
      throw new IllegalArgumentException(
          kind() + ": " + labels.length + " labels for a batch of " + batch);
    }
    return labels.length == batch ? labels : Arrays.copyOf(labels, batch);
  }

  /**
   * The shape of a batch of {@code batch} input rows: [batch, inputSize()], unless the network
   * reads its rows as something else (images, say).
   */
  default int[] inputShape(int batch) {
    return new int[] {batch, inputSize()};
  }

  /**
   * The first {@code batch} rows of {@code inputs} as a constant of shape {@link #inputShape} on
   * {@code tape}: where {@link #forward} starts.
   *
   * @throws IllegalArgumentException if {@code batch} is not positive or {@code inputs} holds fewer
   *     than {@code batch} rows
   */
  default Var input(Tape tape, float[] inputs, int batch) {
    requireBatch(inputs, batch);
    return tape.constant(Tensor.view(inputs, 0, inputShape(batch)));
  }

  private void requireBatch(float[] inputs, int batch) {
    if (batch <= 0) {
      throw new IllegalArgumentException(kind() + ": batch must be positive, got " + batch);
    }
    long needed = (long) batch * inputSize();
    if (needed > inputs.length) {
      throw new IllegalArgumentException(
          kind()
              + ": "
              + batch
              + " rows of "
              + inputSize()
              + " inputs need "
              + needed
              + " floats, the array has "
              + inputs.length);
    }
  }

  /** Fails unless {@code flat} has one float per parameter. */
  default void requireLength(String what, float[] flat) {
    int count = parameterCount();
    if (flat.length != count) {
      throw new IllegalArgumentException(
          kind()
              + ": "
              + what
              + " has "
              + flat.length
              + " floats, this network has "
              + count
              + " parameters");
    }
  }
}
