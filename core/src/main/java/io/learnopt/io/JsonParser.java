package io.learnopt.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 recursive-descent parser: no comments, no trailing commas, no NaN, no leading
 * zeros, no duplicate keys, no text after the value. Strict because the files it reads are written
 * by programs, and a lenient reader would hide a corrupt file until much later.
 */
final class JsonParser {
  /** Deep enough for any file we write, shallow enough that recursion cannot overflow the stack. */
  static final int MAX_DEPTH = 256;

  private final String text;
  private int pos;

  private JsonParser(String text) {
    this.text = text;
  }

  static Object parse(String text) {
    JsonParser parser = new JsonParser(text);
    parser.skipWhitespace();
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos < text.length()) {
      throw parser.error("unexpected " + parser.describeHere() + " after the end of the value");
    }
    return value;
  }

  private Object value(int depth) {
    if (pos >= text.length()) {
      throw error("unexpected end of input, expected a value");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected " + describeHere() + ", expected a value");
      }
    };
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    elements(depth, '}', () -> member(map, depth));
    return map;
  }

  private List<Object> array(int depth) {
    List<Object> list = new ArrayList<>();
    elements(depth, ']', () -> list.add(value(depth)));
    return list;
  }

  /**
   * The body of an object or array, from its opening bracket to {@code close}: nothing, or elements
   * separated by commas, each read by {@code element} with the whitespace around it skipped.
   */
  private void elements(int depth, char close, Runnable element) {
    checkDepth(depth);
    pos++; // the opening bracket
    skipWhitespace();
    if (peek() == close) {
      pos++;
      return;
    }
    while (true) {
      skipWhitespace();
      element.run();
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == close) {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("unexpected " + describeHere() + ", expected ',' or '" + close + "'");
      }
    }
  }

  /** One {@code "key": value} pair of an object, added to {@code map}; keys must be unique. */
  private void member(Map<String, Object> map, int depth) {
    if (peek() != '"') {
      throw error("unexpected " + describeHere() + ", expected a string key");
    }
    int keyStart = pos;
    String key = string();
    skipWhitespace();
    expect(':');
    skipWhitespace();
    Object value = value(depth);
    if (map.containsKey(key)) {
      pos = keyStart;
      throw error("duplicate key \"" + key + "\"");
    }
    map.put(key, value);
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("unescaped control character U+%04X in string".formatted((int) c));
      }
      if (c != '\\') {
        sb.append(c);
        pos++;
        continue;
      }
      pos++;
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char e = text.charAt(pos);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          sb.append(hex4());
          continue; // hex4 already advanced past the digits
        }
        default -> {
          pos--;
          throw error("invalid escape \\" + e);
        }
      }
      pos++;
    }
  }

  /** The UTF-16 unit of {@code \}{@code uXXXX}; surrogate pairs join up naturally in a String. */
  private char hex4() {
    int start = pos - 1; // the backslash
    pos++; // 'u'
    if (pos + 4 > text.length()) {
      pos = start;
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(pos + i), 16);
      if (d < 0) {
        pos = start;
        throw error("invalid \\u escape \"" + text.substring(start, start + 6) + "\"");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  /** An integer literal that fits in a long becomes a Long, anything else a Double. */
  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw error("leading zero in number");
      }
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("expected a digit after '-'");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      pos++;
      if (!isDigit(peek())) {
        throw error("expected a digit after '.'");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("expected a digit in the exponent");
      }
      digits();
    }
    String literal = text.substring(start, pos);
    if (integral) {
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException tooLarge) {
        // falls through: integers beyond 64 bits are kept approximately, as JavaScript does
      }
    }
    return Double.parseDouble(literal);
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected " + describeHere() + ", expected a value");
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("unexpected " + describeHere() + ", expected '" + c + "'");
    }
    pos++;
  }

  private void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  /** The current character, or 0 at the end (never a valid JSON character outside strings). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private String describeHere() {
    if (pos >= text.length()) {
      return "end of input";
    }
    char c = text.charAt(pos);
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : "character U+%04X".formatted((int) c);
  }

  private JsonParseException error(String problem) {
    return new JsonParseException(problem, pos);
  }
}
