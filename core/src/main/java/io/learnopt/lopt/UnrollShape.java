package io.learnopt.lopt;

import java.util.Arrays;

/**
 * What an unroll runs over: {@code coordinates} parameter coordinates holding one or more tasks
 * concatenated (task k owns coordinates [taskStart(k), taskStart(k+1))). Rules that read a task's
 * loss or per-tensor statistics find their boundaries here.
 */
public final class UnrollShape {
  private final int[] starts;

  private UnrollShape(int[] starts) {
    this.starts = starts;
  }

  /** One task of {@code coordinates} coordinates. */
  public static UnrollShape single(int coordinates) {
    return of(new int[] {coordinates});
  }

  /** Tasks of the given dimensions, concatenated in order. */
  public static UnrollShape of(int[] dimensions) {
    int[] starts = new int[dimensions.length + 1];
    for (int k = 0; k < dimensions.length; k++) {
      if (dimensions[k] < 1) {
        throw new IllegalArgumentException("task " + k + " has " + dimensions[k] + " coordinates");
      }
      starts[k + 1] = Math.addExact(starts[k], dimensions[k]);
    }
    return new UnrollShape(starts);
  }

  /** Total coordinates. */
  public int coordinates() {
    return starts[starts.length - 1];
  }

  /** Number of tasks. */
  public int tasks() {
    return starts.length - 1;
  }

  /** First coordinate of task {@code k}; {@code taskStart(tasks())} is {@link #coordinates()}. */
  public int taskStart(int k) {
    return starts[k];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnrollShape s && Arrays.equals(starts, s.starts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(starts);
  }

  @Override
  public String toString() {
    return "UnrollShape" + Arrays.toString(starts);
  }
}
