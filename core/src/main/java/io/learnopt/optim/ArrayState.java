package io.learnopt.optim;

import io.learnopt.LearnoptException;
import java.util.Arrays;

/**
 * The state of a transformation that keeps float arrays over the coordinates, and perhaps a step
 * count: Adam's m, v and t, a trace's v, Rprop's Δ and g_prev. Each entry is saved under the symbol
 * the transformation's update rule gives it, so a checkpoint reads like the math.
 */
final class ArrayState implements GradientTransform.State {
  /** The name of the transformation that made this state, to reject another's. */
  private final String owner;

  private final int coordinates;
  private final String[] names;
  private final float[][] arrays;

  /** Which arrays hold magnitudes (second moments, step sizes) that a restore must find >= 0. */
  private final boolean[] nonNegative;

  /** The name of the step count, or null if the transformation keeps none. */
  private final String counterName;

  /** The step count, read and advanced by the owner. */
  long count;

  private ArrayState(String owner, int coordinates, String counterName, String... names) {
    this.owner = owner;
    this.coordinates = UpdateArguments.coordinates(owner, coordinates);
    this.counterName = counterName;
    this.names = names;
    this.arrays = new float[names.length][coordinates];
    this.nonNegative = new boolean[names.length];
  }

  /** Marks the arrays named {@code magnitudes} as never negative; returns this state. */
  ArrayState nonNegative(String... magnitudes) {
    for (String name : magnitudes) {
      nonNegative[Arrays.asList(names).indexOf(name)] = true;
    }
    return this;
  }

  /** Zero-filled arrays named {@code names}, no step count. */
  static ArrayState of(String owner, int coordinates, String... names) {
    return new ArrayState(owner, coordinates, null, names);
  }

  /** Zero-filled arrays named {@code names} and a step count named {@code counter}, 0. */
  static ArrayState counted(String owner, int coordinates, String counter, String... names) {
    return new ArrayState(owner, coordinates, counter, names);
  }

  /** Sets every entry of array {@code k} to {@code value}; returns this state. */
  ArrayState filled(int k, float value) {
    Arrays.fill(arrays[k], value);
    return this;
  }

  /** The live array {@code k}, in the order of the names given at construction. */
  float[] array(int k) {
    return arrays[k];
  }

  /**
   * {@code state} as the state of transformation {@code owner}, after checking that the arrays it
   * is applied to have its length: {@link UpdateArguments#state} and {@link
   * UpdateArguments#transformLengths} in one call, for the first line of {@code apply}.
   */
  static ArrayState checked(
      String owner, GradientTransform.State state, float[] grad, float[] params, float[] out) {
    ArrayState s = UpdateArguments.state(owner, state, ArrayState.class);
    if (!s.owner.equals(owner)) {
      throw new IllegalArgumentException(
          owner + ": expected a state from " + owner + ".init, got one from " + s.owner + ".init");
    }
    UpdateArguments.transformLengths(owner, s.coordinates, grad, params, out);
    return s;
  }

  @Override
  public void save(NamedArrays out) {
    for (int k = 0; k < names.length; k++) {
      out.putArray(names[k], arrays[k]);
    }
    if (counterName != null) {
      out.putCounter(counterName, count);
    }
  }

  /** Reads every entry before changing anything, so a failed restore leaves the state as it was. */
  @Override
  public void restore(NamedArrays in) {
    float[][] saved = new float[names.length][];
    for (int k = 0; k < names.length; k++) {
      saved[k] = in.array(names[k], coordinates);
      for (int i = 0; nonNegative[k] && i < coordinates; i++) {
        if (saved[k][i] < 0) {
          throw new LearnoptException(
              "optimizer state array '"
                  + in.fullName(names[k])
                  + "' holds "
                  + saved[k][i]
                  + " at index "
                  + i
                  + "; it must be >= 0");
        }
      }
    }
    long savedCount = counterName == null ? 0 : in.counter(counterName);
    if (savedCount < 0) {
      throw new LearnoptException(
          "optimizer state counter '"
              + in.fullName(counterName)
              + "' is "
              + savedCount
              + "; a step count must be >= 0");
    }
    for (int k = 0; k < names.length; k++) {
      System.arraycopy(saved[k], 0, arrays[k], 0, coordinates);
    }
    count = savedCount;
  }
}
