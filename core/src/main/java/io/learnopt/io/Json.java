package io.learnopt.io;

import io.learnopt.FileBytes;
import io.learnopt.LearnoptException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A minimal, strict JSON reader and writer, because core may not depend on Jackson.
 *
 * <p>Values map to Java as: object → {@code LinkedHashMap<String, Object>} (key order kept), array
 * → {@code ArrayList<Object>}, string → {@code String}, number → {@code Long} if it is an integer
 * literal that fits in 64 bits, otherwise {@code Double}, true/false → {@code Boolean}, null →
 * {@code null}. Parsing follows RFC 8259 exactly (no comments, trailing commas, NaN, duplicate keys
 * or trailing text) and stops at {@value JsonParser#MAX_DEPTH} levels of nesting.
 */
public final class Json {
  private Json() {}

  /**
   * Parses {@code text} as one JSON value.
   *
   * @throws JsonParseException with the character offset of the first problem
   */
  public static Object parse(String text) {
    return JsonParser.parse(text);
  }

  /**
   * Reads and parses the UTF-8 JSON file {@code file}.
   *
   * @throws LearnoptException naming the file if it is missing, unreadable, not UTF-8 or not JSON
   */
  public static Object read(Path file) {
    byte[] bytes = FileBytes.read(file);
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return parse(text);
    } catch (CharacterCodingException e) {
      throw new LearnoptException(file + ": not UTF-8 text; is it really a JSON file?", e);
    } catch (JsonParseException e) {
      throw new LearnoptException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Compact JSON for {@code value}: Maps with String keys, Collections, Strings, Booleans, null,
   * and finite Long, Integer, Short, Byte, Double or Float numbers.
   *
   * @throws IllegalArgumentException naming the path (e.g. {@code $.runs[2].loss}) of a value that
   *     has no JSON form
   */
  public static String write(Object value) {
    return JsonWriter.write(value, null);
  }

  /** Like {@link #write(Object)}, indented by two spaces per level, for files people read. */
  public static String writePretty(Object value) {
    return JsonWriter.write(value, "  ");
  }

  /** Writes {@link #writePretty(Object)} of {@code value} plus a newline to {@code file}. */
  public static void writeFile(Path file, Object value) {
    AtomicFiles.writeString(file, writePretty(value) + "\n");
  }
}
