package io.learnopt.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How named tensors ({@code layer0.weight}, {@code layer0.bias}, …) are packed, one after another
 * in the order they were added, into the flat parameter vector θ that every optimizer sees.
 *
 * <p>The same layout indexes the flat gradient: {@code view(grad, name)} is the gradient of {@code
 * view(params, name)}, so a model can write its gradients in place and the optimizer reads them as
 * one vector. Immutable; build one with {@link #builder()}.
 */
public final class ParameterLayout {

  /** One named tensor: its shape and where its first element sits in the flat vector. */
  public record Entry(String name, int offset, int[] shape) {
    /** Copies {@code shape}. */
    public Entry {
      shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
      return shape.clone();
    }

    /** Number of elements. */
    public int size() {
      int size = 1;
      for (int d : shape) {
        size *= d;
      }
      return size;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e
          && name.equals(e.name)
          && offset == e.offset
          && Arrays.equals(shape, e.shape);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * name.hashCode() + offset) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape) + "@" + offset;
    }
  }

  private final List<Entry> entries;
  private final Map<String, Entry> byName;
  private final int size;

  private ParameterLayout(List<Entry> entries, int size) {
    this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
    this.byName = new LinkedHashMap<>();
    for (Entry e : entries) {
      byName.put(e.name(), e);
    }
    this.size = size;
  }

  /** A builder that appends tensors in order. */
  public static Builder builder() {
    return new Builder();
  }

  /** Total number of coordinates: the length of the flat parameter and gradient vectors. */
  public int size() {
    return size;
  }

  /** The entries in flat-vector order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The entry called {@code name}; the error lists the names there are. */
  public Entry entry(String name) {
    Entry e = byName.get(name);
    if (e == null) {
      throw new IllegalArgumentException(
          "no parameter named '" + name + "'; the layout has " + byName.keySet());
    }
    return e;
  }

  /**
   * The tensor {@code name} as a view into {@code flat}, which must have {@link #size()} floats.
   */
  public Tensor view(float[] flat, String name) {
    requireLength(flat);
    Entry e = entry(name);
    return Tensor.view(flat, e.offset(), e.shape());
  }

  /** Views of every entry into {@code flat}, in flat-vector order. */
  public List<Tensor> views(float[] flat) {
    requireLength(flat);
    List<Tensor> views = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      views.add(Tensor.view(flat, e.offset(), e.shape()));
    }
    return views;
  }

  private void requireLength(float[] flat) {
    if (flat.length != size) {
      throw new IllegalArgumentException(
          "the flat vector has "
              + flat.length
              + " floats but the layout "
              + this
              + " needs "
              + size);
    }
  }

  @Override
  public String toString() {
    return entries.toString();
  }

  /** Appends named tensors; offsets follow from the order. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> byName = new LinkedHashMap<>();
    private long size;

    private Builder() {}

    /** Appends a tensor called {@code name} with {@code shape}; names must be unique. */
    public Builder add(String name, int... shape) {
      if (byName.containsKey(name)) {
        throw new IllegalArgumentException("parameter name '" + name + "' is used twice");
      }
      long n = 1;
      for (int d : shape) {
        if (d <= 0) {
          throw new IllegalArgumentException(
              "parameter '"
                  + name
                  + "' has shape "
                  + Arrays.toString(shape)
                  + "; dims must be > 0");
        }
        n *= d;
      }
      if (size + n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "adding '" + name + "' makes the flat vector longer than 2^31-1 floats");
      }
      Entry e = new Entry(name, (int) size, shape);
      entries.add(e);
      byName.put(name, e);
      size += n;
      return this;
    }

    /** The layout of everything added so far. */
    public ParameterLayout build() {
      return new ParameterLayout(entries, (int) size);
    }
  }
}
