package io.learnopt.lopt;

import io.learnopt.tensor.ParameterGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an unroll runs over: {@code coordinates} parameter coordinates holding one or more tasks
 * concatenated (task k owns coordinates [taskStart(k), taskStart(k+1))). Rules that read a task's
 * loss or per-tensor statistics find their boundaries here, and rules with one rule per parameter
 * group ({@link GroupedRules}) find each coordinate's group.
 */
public final class UnrollShape {
  private final int[] starts;
  private final ParameterGroups groups;

  private UnrollShape(int[] starts, ParameterGroups groups) {
    this.starts = starts;
    this.groups = groups;
  }

  /** One task of {@code coordinates} coordinates. */
  public static UnrollShape single(int coordinates) {
    return of(new int[] {coordinates});
  }

  /** Tasks of the given dimensions, each in the one group {@link ParameterGroups#ALL}. */
  public static UnrollShape of(int[] dimensions) {
    List<ParameterGroups> tasks = new ArrayList<>();
    for (int k = 0; k < dimensions.length; k++) {
      if (dimensions[k] < 1) {
        throw new IllegalArgumentException("task " + k + " has " + dimensions[k] + " coordinates");
      }
      tasks.add(ParameterGroups.single(dimensions[k]));
    }
    return of(tasks);
  }

  /** Tasks with the given parameter groups, concatenated in order. */
  public static UnrollShape of(List<ParameterGroups> tasks) {
    int[] starts = new int[tasks.size() + 1];
    for (int k = 0; k < tasks.size(); k++) {
      int n = tasks.get(k).coordinates();
      if (n < 1) {
        throw new IllegalArgumentException("task " + k + " has " + n + " coordinates");
      }
      starts[k + 1] = Math.addExact(starts[k], n);
    }
    return new UnrollShape(starts, ParameterGroups.concat(tasks));
  }

  /** The group of every coordinate, over all tasks. */
  public ParameterGroups groups() {
    return groups;
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
    return o instanceof UnrollShape s && Arrays.equals(starts, s.starts) && groups.equals(s.groups);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(starts) + groups.hashCode();
  }

  @Override
  public String toString() {
    return "UnrollShape" + Arrays.toString(starts) + " " + groups;
  }
}
