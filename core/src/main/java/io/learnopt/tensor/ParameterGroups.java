package io.learnopt.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Which group each coordinate of a flat parameter vector belongs to, as contiguous named segments:
 * what an optimizer with one learned rule per kind of layer reads (Andrychowicz et al. 2016 §3.3
 * use one LSTM for the convolution kernels and one for everything else). It also keeps where each
 * tensor starts, for rules with per-tensor features (learned_optimization's MLP optimizers
 * normalize their inputs over each tensor). Immutable.
 */
public final class ParameterGroups {
  /** The group of a task that declares none: every coordinate. */
  public static final String ALL = "all";

  /** The group of convolution kernels in {@link #byLayerType}. */
  public static final String CONV = "conv";

  /** The group of every other tensor in {@link #byLayerType}. */
  public static final String FC = "fc";

  /** Coordinates [start, start + length) belong to {@code group}. */
  public record Segment(int start, int length, String group) {}

  private final List<Segment> segments;
  private final List<String> names;
  private final int coordinates;
  private final int[] tensorStarts;

  private ParameterGroups(List<Segment> segments, int[] tensorStarts) {
    this.segments = Collections.unmodifiableList(segments);
    this.tensorStarts = tensorStarts;
    List<String> distinct = new ArrayList<>();
    int end = 0;
    for (Segment s : segments) {
      if (!distinct.contains(s.group())) {
        distinct.add(s.group());
      }
      end = s.start() + s.length();
    }
    this.names = Collections.unmodifiableList(distinct);
    this.coordinates = end;
  }

  /** Every one of {@code coordinates} coordinates in the group {@link #ALL}. */
  public static ParameterGroups single(int coordinates) {
    return builder().add(ALL, coordinates).build();
  }

  /** Each tensor of {@code layout} in the group {@code groupOf} gives for its entry. */
  public static ParameterGroups of(
      ParameterLayout layout, Function<ParameterLayout.Entry, String> groupOf) {
    Builder b = builder();
    for (ParameterLayout.Entry e : layout.entries()) {
      b.add(groupOf.apply(e), e.size());
    }
    return b.build();
  }

  /**
   * The paper's CIFAR assignment: convolution kernels (rank-4 tensors) in {@link #CONV}, every
   * other tensor (biases, batch-norm scales and shifts, fully connected layers) in {@link #FC}.
   */
  public static ParameterGroups byLayerType(ParameterLayout layout) {
    return of(layout, e -> e.shape().length == 4 ? CONV : FC);
  }

  /** The groups and tensors of several vectors concatenated in order. */
  public static ParameterGroups concat(List<ParameterGroups> parts) {
    Builder b = builder();
    for (ParameterGroups part : parts) {
      int segment = 0;
      for (int k = 0; k < part.tensors(); k++) {
        int start = part.tensorStart(k);
        while (part.segments.get(segment).start() + part.segments.get(segment).length() <= start) {
          segment++;
        }
        b.add(part.segments.get(segment).group(), part.tensorStart(k + 1) - start);
      }
    }
    return b.build();
  }

  /** A builder appending segments in order. */
  public static Builder builder() {
    return new Builder();
  }

  /** Length of the vector. */
  public int coordinates() {
    return coordinates;
  }

  /** The distinct group names, in order of first appearance. */
  public List<String> names() {
    return names;
  }

  /** Number of tensors. */
  public int tensors() {
    return tensorStarts.length - 1;
  }

  /**
   * First coordinate of tensor {@code k}; {@code tensorStart(tensors())} is {@link #coordinates()}.
   * Every tensor lies in one group.
   */
  public int tensorStart(int k) {
    return tensorStarts[k];
  }

  /** The segments in order; neighbours have different groups. */
  public List<Segment> segments() {
    return segments;
  }

  /** How many coordinates are in {@code group} (0 if none). */
  public int count(String group) {
    int n = 0;
    for (Segment s : segments) {
      if (s.group().equals(group)) {
        n += s.length();
      }
    }
    return n;
  }

  /** The coordinates in {@code group}, ascending. */
  public int[] indices(String group) {
    int[] out = new int[count(group)];
    int k = 0;
    for (Segment s : segments) {
      if (s.group().equals(group)) {
        for (int i = 0; i < s.length(); i++) {
          out[k++] = s.start() + i;
        }
      }
    }
    return out;
  }

  /**
   * The coordinates each of {@code ruleGroups}' rules updates, ascending: with one rule, all of
   * them; with several, the coordinates of the group of the same name (none if this vector has no
   * such group).
   *
   * @throws IllegalArgumentException naming the groups if a coordinate's group has no rule
   */
  public int[][] split(List<String> ruleGroups) {
    int[][] out = new int[ruleGroups.size()][];
    if (ruleGroups.size() == 1) {
      out[0] = new int[coordinates];
      for (int i = 0; i < coordinates; i++) {
        out[0][i] = i;
      }
      return out;
    }
    for (String name : names) {
      if (!ruleGroups.contains(name)) {
        throw new IllegalArgumentException(
            "the optimizer has one rule per parameter group "
                + ruleGroups
                + " but these parameters are in groups "
                + names
                + "; use it on tasks whose tensors are in those groups (conv nets and MLPs) or"
                + " use an optimizer with a single rule");
      }
    }
    for (int r = 0; r < out.length; r++) {
      out[r] = indices(ruleGroups.get(r));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterGroups g
        && segments.equals(g.segments)
        && Arrays.equals(tensorStarts, g.tensorStarts);
  }

  @Override
  public int hashCode() {
    return 31 * segments.hashCode() + Arrays.hashCode(tensorStarts);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Segment s : segments) {
      b.append(b.isEmpty() ? "" : " ").append(s.group()).append('×').append(s.length());
    }
    return b.toString();
  }

  /** Appends tensors; neighbouring segments of one group merge. */
  public static final class Builder {
    private final List<Segment> segments = new ArrayList<>();
    private final List<Integer> tensorStarts = new ArrayList<>(List.of(0));
    private long end;

    private Builder() {}

    /** Appends a tensor of {@code length} coordinates in {@code group} (none if 0). */
    public Builder add(String group, int length) {
      if (group == null || group.isBlank() || group.contains(",")) {
        throw new IllegalArgumentException(
            "a parameter group needs a name without commas, got '" + group + "'");
      }
      if (length < 0) {
        throw new IllegalArgumentException("group '" + group + "' has " + length + " coordinates");
      }
      if (end + length > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("the groups cover more than 2^31-1 coordinates");
      }
      if (length == 0) {
        return this;
      }
      int last = segments.size() - 1;
      if (last >= 0 && segments.get(last).group().equals(group)) {
        Segment s = segments.get(last);
        segments.set(last, new Segment(s.start(), s.length() + length, group));
      } else {
        segments.add(new Segment((int) end, length, group));
      }
      end += length;
      tensorStarts.add((int) end);
      return this;
    }

    /** The groups of everything added. */
    public ParameterGroups build() {
      return new ParameterGroups(
          new ArrayList<>(segments), tensorStarts.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
