package io.learnopt.optim;

/**
 * A transformation that can multiply its output by a constant inside its own loop. {@link Chain}
 * folds a {@link Scale} that directly follows one into it, so {@code chain(scaleByAdam(...),
 * scale(−lr))} is one pass over the coordinates. Folding moves the factor to where the loop can
 * take it cheapest: the adaptive transformations compute (f·g)/(√s + ε) rather than f·(g/(√s + ε)),
 * and Adam merges f into its bias-correction scalar. The two forms can differ in the last bit; the
 * registered rules ({@link Aliases}) are defined by the folded one.
 */
public interface Scalable extends GradientTransform {

  /**
   * Like {@link #apply(float[], float[], State, float[])}, with the output times {@code factor}.
   */
  void apply(float[] grad, float[] params, State state, float[] out, double factor);

  /** The output unscaled: factor 1, by which every implementation multiplies exactly. */
  @Override
  default void apply(float[] grad, float[] params, State state, float[] out) {
    apply(grad, params, state, out, 1);
  }
}
