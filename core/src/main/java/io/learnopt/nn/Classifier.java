package io.learnopt.nn;

import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;

/**
 * A network that classifies rows of {@code inputs} with all its parameters in one flat vector: what
 * a few-shot method trains in its inner loop ({@link Mlp}, {@code ConvNet}). The spec is immutable;
 * the parameters live in the caller's arrays, so one spec serves any number of episodes.
 */
public interface Classifier {
  /** The names, shapes and flat offsets of the parameters (the coordinates a method updates). */
  ParameterLayout layout();

  /** Length of the flat parameter (and gradient) vector. */
  int parameterCount();

  /** Floats per input row. */
  int inputSize();

  /** Writes initial parameters drawn from {@code rng} into {@code params}. */
  void initialize(Rng rng, float[] params);

  /**
   * Mean softmax cross-entropy of the first {@code batch} rows of {@code inputs} against {@code
   * labels}; overwrites {@code gradOut} with its gradient with respect to {@code params}.
   */
  float lossAndGradient(float[] params, float[] inputs, int[] labels, int batch, float[] gradOut);

  /** The mean softmax cross-entropy alone. */
  float loss(float[] params, float[] inputs, int[] labels, int batch);

  /** Fraction of the first {@code batch} rows whose largest logit is at their label. */
  float accuracy(float[] params, float[] inputs, int[] labels, int batch);
}
