package io.learnopt.optim;

/**
 * Checks on the arguments of {@code init}, {@code update} and {@code apply}. A wrong length or a
 * foreign state is a programming error, so these throw plain {@link IllegalArgumentException}s with
 * both lengths (or both types) in the message; the checks are O(1), so update loops stay free of
 * bounds surprises without costing anything per coordinate.
 */
final class UpdateArguments {
  private UpdateArguments() {}

  /** The coordinate count given to {@code init}, rejected if negative. */
  static int coordinates(String owner, int coordinates) {
    if (coordinates < 0) {
      throw new IllegalArgumentException(
          owner + ".init: coordinates must be >= 0, got " + coordinates);
    }
    return coordinates;
  }

  /** {@code state} cast to the owner's state type, or an exception naming both types. */
  static <S> S state(String owner, Object state, Class<S> type) {
    if (!type.isInstance(state)) {
      throw new IllegalArgumentException(
          owner
              + ": expected a state from "
              + owner
              + ".init ("
              + type.getName()
              + "), got "
              + (state == null ? "null" : state.getClass().getName()));
    }
    return type.cast(state);
  }

  /**
   * Rejects arrays whose lengths differ from the state's, and an update aliasing an input: the
   * {@link Optimizer#update} contract forbids it, so implementations may read {@code grad} and
   * {@code params} after writing {@code update}.
   */
  static void lengths(String owner, int expected, float[] grad, float[] params, float[] update) {
    length(owner, "grad", expected, grad);
    length(owner, "params", expected, params);
    length(owner, "update", expected, update);
    if (update == grad || update == params) {
      throw new IllegalArgumentException(
          owner + ": the update array must not be the grad or params array");
    }
  }

  /** Like {@link #lengths} for a gradient transformation, whose output may alias its input. */
  static void transformLengths(
      String owner, int expected, float[] grad, float[] params, float[] out) {
    length(owner, "grad", expected, grad);
    length(owner, "params", expected, params);
    length(owner, "out", expected, out);
  }

  private static void length(String owner, String what, int expected, float[] array) {
    if (array.length != expected) {
      throw new IllegalArgumentException(
          owner
              + ": "
              + what
              + " has length "
              + array.length
              + " but the state was initialized for "
              + expected
              + " coordinates");
    }
  }
}
