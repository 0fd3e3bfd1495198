package io.learnopt.optim;

import io.learnopt.LearnoptException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float arrays and integer counters: an optimizer state as a checkpoint stores it.
 *
 * <p>A state writes its entries under short names (Adam's {@code m}, {@code v}, {@code t}); a
 * composite hands each part a {@link #scope} so the names stay unique, e.g. {@code 1.m} for the
 * second part of a chain. Entries keep their insertion order. Reading an entry back checks it
 * against the live state it is meant for, and a missing, mis-sized or non-finite entry is a {@link
 * LearnoptException} naming the entry by its full name.
 */
public final class NamedArrays {
  private final Map<String, float[]> arrays;
  private final Map<String, Long> counters;

  /** {@code ""} for the root, else the scope's full prefix ending in {@code "."}. */
  private final String prefix;

  private NamedArrays(Map<String, float[]> arrays, Map<String, Long> counters, String prefix) {
    this.arrays = arrays;
    this.counters = counters;
    this.prefix = prefix;
  }

  /** An empty set of entries. */
  public NamedArrays() {
    this(new LinkedHashMap<>(), new LinkedHashMap<>(), "");
  }

  /** The entries of {@code arrays} and {@code counters}; copies the maps, not the arrays. */
  public static NamedArrays of(Map<String, float[]> arrays, Map<String, Long> counters) {
    return new NamedArrays(new LinkedHashMap<>(arrays), new LinkedHashMap<>(counters), "");
  }

  /**
   * A view of these entries whose names get {@code prefix + "."} prepended: what it writes, this
   * one holds, and it reads what this one holds under that prefix.
   */
  public NamedArrays scope(String prefix) {
    return new NamedArrays(arrays, counters, this.prefix + prefix + ".");
  }

  /** Stores a copy of {@code values} under {@code name}, replacing any array of that name. */
  public void putArray(String name, float[] values) {
    arrays.put(prefix + name, values.clone());
  }

  /** Stores {@code value} under {@code name}, replacing any counter of that name. */
  public void putCounter(String name, long value) {
    counters.put(prefix + name, value);
  }

  /**
   * The array stored under {@code name} (not a copy), which must hold {@code length} finite values.
   *
   * @throws LearnoptException naming the entry if it is missing, has another length, or holds a NaN
   *     or an infinity
   */
  public float[] array(String name, int length) {
    String fullName = prefix + name;
    float[] values = arrays.get(fullName);
    if (values == null) {
      throw missing("array", fullName, arrays);
    }
    if (values.length != length) {
      throw new LearnoptException(
          "optimizer state array '"
              + fullName
              + "' has "
              + values.length
              + " values but the state it restores has "
              + length
              + "; it was saved for another number of coordinates");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new LearnoptException(
            "optimizer state array '" + fullName + "' holds " + values[i] + " at index " + i);
      }
    }
    return values;
  }

  /**
   * The counter stored under {@code name}.
   *
   * @throws LearnoptException naming the entry if it is missing
   */
  public long counter(String name) {
    Long value = counters.get(prefix + name);
    if (value == null) {
      throw missing("counter", prefix + name, counters);
    }
    return value;
  }

  /** Every array in this scope under its full name, in insertion order; unmodifiable. */
  public Map<String, float[]> arrays() {
    return inScope(arrays);
  }

  /** Every counter in this scope under its full name, in insertion order; unmodifiable. */
  public Map<String, Long> counters() {
    return inScope(counters);
  }

  /** {@code name} as this view stores it, for messages. */
  String fullName(String name) {
    return prefix + name;
  }

  private <V> Map<String, V> inScope(Map<String, V> entries) {
    if (prefix.isEmpty()) {
      return Collections.unmodifiableMap(entries);
    }
    Map<String, V> scoped = new LinkedHashMap<>();
    entries.forEach(
        (name, value) -> {
          if (name.startsWith(prefix)) {
            scoped.put(name, value);
          }
        });
    return Collections.unmodifiableMap(scoped);
  }

  private static LearnoptException missing(String kind, String fullName, Map<String, ?> present) {
    return new LearnoptException(
        "optimizer state "
            + kind
            + " '"
            + fullName
            + "' is missing (present: "
            + (present.isEmpty() ? "none" : String.join(", ", present.keySet()))
            + "); was the state saved by the same optimizer?");
  }
}
