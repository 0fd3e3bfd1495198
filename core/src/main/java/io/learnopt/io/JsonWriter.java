package io.learnopt.io;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Serializes the value types {@link Json} parses (plus Integer, Float and other collections), so
 * that {@code Json.parse(Json.write(v))} equals {@code v} for parsed values. Non-finite numbers are
 * rejected rather than written as invalid JSON.
 */
final class JsonWriter {
  private final StringBuilder out = new StringBuilder();
  private final String indent; // null for compact output

  private JsonWriter(String indent) {
    this.indent = indent;
  }

  static String write(Object value, String indent) {
    JsonWriter writer = new JsonWriter(indent);
    writer.value(value, 0, "$");
    return writer.out.toString();
  }

  private void value(Object value, int depth, String path) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(s);
      case Boolean b -> out.append(b);
      case Long l -> out.append(l);
      case Integer i -> out.append(i);
      case Short s -> out.append(s);
      case Byte b -> out.append(b);
      case Double d -> number(d, Double.toString(d), path);
      // Float.toString is the shortest text that reads back as the same float.
      case Float f -> number(f, Float.toString(f), path);
      case Map<?, ?> map -> object(map, depth, path);
      case Collection<?> list -> array(list, depth, path);
      default ->
          throw new IllegalArgumentException(
              "cannot write "
                  + value.getClass().getName()
                  + " at "
                  + path
                  + " as JSON; use Map, List, String, Number, Boolean or null");
    }
  }

  private void number(double d, String text, String path) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(
          "cannot write " + d + " at " + path + " as JSON, which has no NaN or infinity");
    }
    out.append(text); // Java's "1.0E-5" is valid JSON
  }

  private void object(Map<?, ?> map, int depth, String path) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            "JSON object keys must be strings, found " + e.getKey() + " at " + path);
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      newline(depth + 1);
      string(key);
      out.append(indent == null ? ":" : ": ");
      value(e.getValue(), depth + 1, path + "." + key);
    }
    if (!first) {
      newline(depth);
    }
    out.append('}');
  }

  private void array(Collection<?> list, int depth, String path) {
    out.append('[');
    Iterator<?> it = list.iterator();
    for (int i = 0; it.hasNext(); i++) {
      if (i > 0) {
        out.append(',');
      }
      newline(depth + 1);
      value(it.next(), depth + 1, path + "[" + i + "]");
    }
    if (!list.isEmpty()) {
      newline(depth);
    }
    out.append(']');
  }

  private void newline(int depth) {
    if (indent != null) {
      out.append('\n').append(indent.repeat(depth));
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || isLoneSurrogate(s, i)) {
            // A lone surrogate cannot be encoded as UTF-8; the escape keeps the string intact.
            out.append("\\u%04x".formatted((int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
