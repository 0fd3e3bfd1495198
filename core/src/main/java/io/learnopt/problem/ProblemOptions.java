package io.learnopt.problem;

import io.learnopt.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed problem spec {@code name:key=value,key=value} with typed, validated accessors. */
final class ProblemOptions {
  private final String name;
  private final Map<String, String> values = new LinkedHashMap<>();

  private ProblemOptions(String name) {
    this.name = name;
  }

  static ProblemOptions parse(String spec) {
    int colon = spec.indexOf(':');
    ProblemOptions options =
        new ProblemOptions((colon < 0 ? spec : spec.substring(0, colon)).trim());
    if (colon >= 0) {
      String lastKey = null;
      for (String pair : spec.substring(colon + 1).split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq < 0 && lastKey != null && !pair.isBlank()) {
          // A piece without '=' continues a list value: hidden=20,20 is one option.
          options.values.merge(lastKey, pair.trim(), (a, b) -> a + "," + b);
          continue;
        }
        if (eq <= 0 || eq == pair.length() - 1) {
          throw new UsageException(
              "malformed option '" + pair + "' in problem '" + spec + "': expected key=value");
        }
        String key = pair.substring(0, eq).trim();
        lastKey = key;
        if (options.values.put(key, pair.substring(eq + 1).trim()) != null) {
          throw new UsageException("option '" + key + "' is given twice in problem '" + spec + "'");
        }
      }
    }
    return options;
  }

  String name() {
    return name;
  }

  void allowOnly(Set<String> keys) {
    for (String key : values.keySet()) {
      if (!keys.contains(key)) {
        throw new UsageException(
            "unknown option '" + key + "' for problem '" + name + "': valid options are " + keys);
      }
    }
  }

  String stringValue(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  List<Integer> intList(String key, List<Integer> fallback) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    List<Integer> out = new ArrayList<>();
    for (String piece : raw.split(",")) {
      try {
        out.add(Integer.parseInt(piece.trim()));
      } catch (NumberFormatException e) {
        throw new UsageException(
            "option "
                + key
                + " of problem '"
                + name
                + "' must be integers separated by commas, got '"
                + raw
                + "'");
      }
    }
    return out;
  }

  int intValue(String key, int fallback) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new UsageException(
          "option " + key + " of problem '" + name + "' must be an integer, got '" + raw + "'");
    }
  }

  double doubleValue(String key, double fallback) {
    String raw = values.get(key);
    if (raw == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new UsageException(
          "option " + key + " of problem '" + name + "' must be a number, got '" + raw + "'");
    }
  }

  static void requirePositive(String key, int value) {
    if (value < 1) {
      throw new UsageException("option " + key + " must be a positive integer, got " + value);
    }
  }
}
