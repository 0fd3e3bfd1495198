package io.learnopt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
  @TempDir Path dir;

  @Test
  void parsesAllStringEscapes() {
    assertEquals(
        "q\" b\\ s/ \b\f\n\r\t é € 😀",
        Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u20AC \\ud83d\\ude00\""));
  }

  @Test
  void keepsNonAsciiTextAsIs() {
    assertEquals("größe 😀", Json.parse("\"größe 😀\""));
  }

  /** Integers that fit in a long become Longs; fractions, exponents and larger integers Doubles. */
  @ParameterizedTest(name = "{0} is a {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0|long|0",
        "42|long|42",
        "-7|long|-7",
        "9223372036854775807|long|9223372036854775807",
        "-9223372036854775808|long|-9223372036854775808",
        "1.5|double|1.5",
        "-0.25|double|-0.25",
        "1e3|double|1000",
        "1E+3|double|1000",
        "2.5e-3|double|0.0025",
        "-1.0E-5|double|-0.00001",
        "9223372036854775808|double|9223372036854775808"
      })
  void numbersBecomeLongsOrDoubles(String text, String type, String value) {
    // Cast, or the conditional would unbox both and promote the Long to double.
    Object expected = type.equals("long") ? (Object) Long.valueOf(value) : Double.valueOf(value);
    assertEquals(expected, Json.parse(text));
  }

  @Test
  void parsesNestedStructuresKeepingKeyOrder() {
    Object v =
        Json.parse(" {\"z\": [1, {\"a\": null}, true], \"a\": {\"b\": [false, []]}, \"m\": {}}\n");
    Map<?, ?> map = assertInstanceOf(Map.class, v);
    assertEquals(List.of("z", "a", "m"), new ArrayList<>(map.keySet()));
    List<?> z = assertInstanceOf(List.class, map.get("z"));
    assertEquals(1L, z.get(0));
    Map<?, ?> inner = assertInstanceOf(Map.class, z.get(1));
    assertTrue(inner.containsKey("a"));
    assertNull(inner.get("a"));
    assertEquals(true, z.get(2));
    assertEquals(Map.of("b", List.of(false, List.of())), map.get("a"));
    assertEquals(Map.of(), map.get("m"));
  }

  @ParameterizedTest(name = "{0} fails at {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|0|end of input",
        "'{\"a\":1,}'|7|expected a string key",
        "'[1,]'|3|expected a value",
        "'[1 2]'|3|expected ',' or ']'",
        "'{\"a\" 1}'|5|expected ':'",
        "'{\"a\":1 \"b\":2}'|7|expected ',' or '}'",
        "'01'|1|leading zero",
        "'-'|1|digit after '-'",
        "'1.'|2|digit after '.'",
        "'1e'|2|exponent",
        "'\"abc'|4|unterminated string",
        "'\"a\\x\"'|2|invalid escape",
        "'\"\\u12g4\"'|1|invalid \\u escape",
        "'\"\\u12\"'|1|truncated \\u escape",
        "'tru'|0|expected a value",
        "'NaN'|0|expected a value",
        "'{\"a\":1} x'|8|after the end of the value",
        "'{\"a\":1,\"a\":2}'|7|duplicate key",
        "'// c\n1'|0|expected a value"
      })
  void rejectsInvalidTextNamingTheOffset(String text, int offset, String problem) {
    JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(text));
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains("at character " + offset), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void rejectsRawControlCharactersInStrings() {
    JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse("\"a\nb\""));
    assertEquals(2, e.offset());
    assertTrue(e.getMessage().contains("U+000A"), e.getMessage());
  }

  @Test
  void rejectsNestingBeyondTheLimit() {
    String deep = "[".repeat(JsonParser.MAX_DEPTH + 1) + "]".repeat(JsonParser.MAX_DEPTH + 1);
    JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(deep));
    assertEquals(JsonParser.MAX_DEPTH, e.offset());
    String ok = "[".repeat(JsonParser.MAX_DEPTH) + "]".repeat(JsonParser.MAX_DEPTH);
    assertInstanceOf(List.class, Json.parse(ok));
  }

  @Test
  void parseErrorsAreLearnoptExceptions() {
    assertInstanceOf(
        LearnoptException.class, assertThrows(RuntimeException.class, () -> Json.parse("[")));
  }

  @Test
  void writesCompactJsonThatParsesBack() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "tab\there \"quoted\" back\\slash \u0001 é 😀");
    value.put("int", 3);
    value.put("long", -12345678901L);
    value.put("double", 1.0e-5);
    value.put("float", 0.1f);
    value.put("list", List.of(1L, 2.5, "x", false));
    value.put("nothing", null);
    value.put("empty", Map.of());
    String text = Json.write(value);
    assertEquals(
        "{\"name\":\"tab\\there \\\"quoted\\\" back\\\\slash \\u0001 é 😀\",\"int\":3,"
            + "\"long\":-12345678901,\"double\":1.0E-5,\"float\":0.1,"
            + "\"list\":[1,2.5,\"x\",false],\"nothing\":null,\"empty\":{}}",
        text);
    Map<?, ?> back = assertInstanceOf(Map.class, Json.parse(text));
    assertEquals(value.get("name"), back.get("name"));
    assertEquals(1.0e-5, back.get("double"));
    assertEquals(0.1, back.get("float")); // Float.toString keeps the short decimal form
    assertEquals(List.of(1L, 2.5, "x", false), back.get("list"));
  }

  @Test
  void escapesLoneSurrogatesSoTheyRoundTrip() {
    String lone = "a\ud800b";
    assertEquals("\"a\\ud800b\"", Json.write(lone));
    assertEquals(lone, Json.parse(Json.write(lone)));
  }

  @Test
  void writesPrettyJson() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("a", List.of(1L, 2L));
    value.put("b", Map.of());
    assertEquals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}", Json.writePretty(value));
    assertEquals(value, Json.parse(Json.writePretty(value)));
  }

  @Test
  void refusesValuesWithoutAJsonFormNamingTheirPath() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Json.write(Map.of("runs", List.of(1.0, Double.NaN))));
    assertTrue(e.getMessage().contains("$.runs[1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
  }

  @Test
  void readsAndWritesFilesNamingThemInErrors() throws Exception {
    Path file = dir.resolve("sub/results.json");
    Json.writeFile(file, Map.of("loss", 0.5));
    assertEquals(Map.of("loss", 0.5), Json.read(file));

    Files.writeString(file, "{\"loss\": }");
    LearnoptException bad = assertThrows(LearnoptException.class, () -> Json.read(file));
    assertTrue(
        bad.getMessage().startsWith(file + ": invalid JSON at character 9"), bad.getMessage());

    Files.write(file, new byte[] {'"', (byte) 0xff, '"'});
    LearnoptException notUtf8 = assertThrows(LearnoptException.class, () -> Json.read(file));
    assertTrue(notUtf8.getMessage().contains("not UTF-8"), notUtf8.getMessage());

    Path missing = dir.resolve("missing.json");
    LearnoptException gone = assertThrows(LearnoptException.class, () -> Json.read(missing));
    assertTrue(gone.getMessage().contains(missing + ": no such file"), gone.getMessage());
  }
}
