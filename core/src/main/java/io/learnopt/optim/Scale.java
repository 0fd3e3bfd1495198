package io.learnopt.optim;

/**
 * Multiplication by a constant (optax's {@code scale}):
 *
 * <pre>
 *   u = f·g
 * </pre>
 *
 * <p>With f = −lr it turns what the transformations before it made of the gradient into a descent
 * update, which is how every rule in {@link Aliases} ends; {@link Chain} folds it into a {@link
 * Scalable} transformation before it. Alone, {@code chain(scale(−lr))} is SGD. The state keeps
 * nothing but the coordinate count, to check lengths.
 *
 * @param factor f, finite
 */
public record Scale(double factor) implements GradientTransform {
  private static final String NAME = "scale";

  /** Validates {@code factor}. */
  public Scale {
    new HyperParameters(NAME).finite("factor", factor);
  }

  @Override
  public GradientTransform.State init(int coordinates) {
    return ArrayState.of(NAME, coordinates);
  }

  @Override
  public void apply(float[] grad, float[] params, GradientTransform.State state, float[] out) {
    ArrayState.checked(NAME, state, grad, params, out);
    float f = (float) factor;
    for (int i = 0; i < grad.length; i++) {
      out[i] = f * grad[i];
    }
  }

  @Override
  public String name() {
    return NAME + "(" + factor + ")";
  }
}
