package io.learnopt.optim;

import io.learnopt.LearnoptException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named float arrays and integer counters: an optimizer state as a checkpoint stores it. */
public final class NamedArrays {
  private final Map<String, float[]> arrays;
  private final Map<String, Long> counters;
  private final String prefix;

  /** Empty, insertion-ordered. */
  public NamedArrays() {
    this(new LinkedHashMap<>(), new LinkedHashMap<>(), "");
  }

  private NamedArrays(Map<String, float[]> arrays, Map<String, Long> counters, String prefix) {
    this.arrays = arrays;
    this.counters = counters;
    this.prefix = prefix;
  }

  /** Copies the maps (not the arrays). */
  public static NamedArrays of(Map<String, float[]> arrays, Map<String, Long> counters) {
    return new NamedArrays(new LinkedHashMap<>(arrays), new LinkedHashMap<>(counters), "");
  }

  /** A view whose names get {@code prefix + "."} prepended; shares storage with this one. */
  public NamedArrays scope(String name) {
    return new NamedArrays(arrays, counters, prefix + name + ".");
  }

  /** Stores a copy of {@code values}. */
  public void putArray(String name, float[] values) {
    arrays.put(prefix + name, values.clone());
  }

  /** Stores a counter. */
  public void putCounter(String name, long value) {
    counters.put(prefix + name, value);
  }

  /** The array {@code name}, which must have {@code length} finite values. */
  public float[] array(String name, int length) {
    float[] values = arrays.get(prefix + name);
    if (values == null) {
      throw new LearnoptException("optimizer state has no array '" + prefix + name + "'");
    }
    if (values.length != length) {
      throw new LearnoptException(
          "optimizer state array '"
              + prefix
              + name
              + "' has "
              + values.length
              + " values, expected "
              + length);
    }
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new LearnoptException(
            "optimizer state array '" + prefix + name + "' holds a non-finite value " + v);
      }
    }
    return values;
  }

  /** The counter {@code name}. */
  public long counter(String name) {
    Long value = counters.get(prefix + name);
    if (value == null) {
      throw new LearnoptException("optimizer state has no counter '" + prefix + name + "'");
    }
    return value;
  }

  /** Every array under its full name, in insertion order. */
  public Map<String, float[]> arrays() {
    return Collections.unmodifiableMap(arrays);
  }

  /** Every counter under its full name, in insertion order. */
  public Map<String, Long> counters() {
    return Collections.unmodifiableMap(counters);
  }
}
