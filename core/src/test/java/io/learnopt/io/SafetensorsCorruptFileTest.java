package io.learnopt.io;

import static io.learnopt.io.SafetensorsTest.ascii;
import static io.learnopt.io.SafetensorsTest.concat;

import io.learnopt.FileErrorAssertions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a safetensors file can be wrong, written byte by byte; each must fail with a message
 * that starts with the file's path and names the problem.
 */
class SafetensorsCorruptFileTest {
  @TempDir Path dir;

  private static final String W = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

  static Stream<Arguments> corruptFiles() {
    return Stream.of(
        // the 8-byte length prefix
        Arguments.of(
            "shorter than 8 bytes", new byte[] {1, 2, 3, 4, 5}, "is 5 bytes long, shorter"),
        Arguments.of(
            "header over 100 MB", withLength(200_000_000L, "{}"), "exceeds the 100 MB limit"),
        Arguments.of(
            "length with top bit set", withLength(-8L, "{}"), "18446744073709551608 exceeds"),
        Arguments.of(
            "header past the end", withLength(64, "{}"), "header length 64 reaches past the end"),
        // the header text
        Arguments.of(
            "header not UTF-8",
            concat(prefix(4), new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'}),
            "not valid UTF-8"),
        Arguments.of(
            "header not JSON",
            file("{\"w\":", 0),
            "not valid JSON (invalid JSON at character 8: unexpected end of input"),
        Arguments.of(
            "header not an object", file("[1, 2]", 0), "header is a JSON array, not an object"),
        Arguments.of("trailing garbage", file("{} x", 0), "after the end of the value"),
        // __metadata__
        Arguments.of(
            "metadata not an object",
            file("{\"__metadata__\":\"v\"}", 0),
            "__metadata__ is a JSON string"),
        Arguments.of(
            "metadata value not a string",
            file("{\"__metadata__\":{\"seed\":7}}", 0),
            "value for \"seed\" is a JSON number; the format allows only string values"),
        // tensor entries
        Arguments.of(
            "entry not an object",
            file("{\"w\":[0,8]}", 8),
            "tensor 'w' is described by a JSON array"),
        Arguments.of(
            "missing dtype",
            file("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
            "tensor 'w' has no \"dtype\" field"),
        Arguments.of(
            "missing shape",
            file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8),
            "tensor 'w' has no \"shape\" field"),
        Arguments.of(
            "missing data_offsets",
            file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8),
            "tensor 'w' has no \"data_offsets\" field"),
        Arguments.of(
            "extra field",
            file(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"offsets\":[0,8]}}",
                8),
            "tensor 'w' has unknown field \"offsets\""),
        Arguments.of(
            "unsupported dtype",
            file("{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8),
            "tensor 'w' has dtype I64, which learnopt cannot read; it reads F32, F64, F16 and BF16"),
        Arguments.of(
            "dtype not a string",
            file("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
            "tensor 'w' dtype is not a string"),
        Arguments.of(
            "negative dimension",
            file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8),
            "tensor 'w' has a negative dimension in shape [-2]"),
        Arguments.of(
            "fractional dimension",
            file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]}}", 8),
            "tensor 'w' shape [1.5] contains 1.5, not an integer"),
        Arguments.of(
            "huge shape",
            file("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", 8),
            "more elements than a Java array can hold"),
        Arguments.of(
            "three offsets",
            file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", 8),
            "data_offsets [0, 4, 8] must be [begin, end]"),
        Arguments.of(
            "reversed offsets",
            file("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8),
            "data_offsets [8, 0] are not a range"),
        Arguments.of(
            "offsets do not match shape",
            file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", 8),
            "data_offsets [0, 8] span 8 bytes, but shape [2, 2] of F32 needs 16"),
        // the data buffer
        Arguments.of(
            "offsets out of the buffer",
            file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[1000,1008]}}", 8),
            "tensor 'w' data_offsets [1000, 1008] reach past the end of the 8-byte data buffer"),
        Arguments.of(
            "overlapping tensors",
            file("{" + W + ",\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
            "tensors 'w' [0, 8] and 'v' [4, 12] overlap"),
        Arguments.of(
            "gap between tensors",
            file(
                "{" + W + ",\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16),
            "bytes [8, 12) of the data buffer, before tensor 'v', belong to no tensor"),
        Arguments.of(
            "gap at the start",
            file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
            "bytes [0, 4) of the data buffer"),
        Arguments.of(
            "unused bytes at the end",
            file("{" + W + "}", 12),
            "the data buffer has 12 bytes but the tensors cover only 8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptFiles")
  void rejectsWithAMessageNamingFileAndProblem(String name, byte[] bytes, String problem)
      throws Exception {
    FileErrorAssertions.assertRejects(
        dir.resolve(name.replace(' ', '-') + ".safetensors"), bytes, problem, Safetensors::read);
  }

  @Test
  void rejectsAMissingFile() {
    assertFailsWith(dir.resolve("nope.safetensors"), "no such file; check the path");
  }

  @Test
  void rejectsAValidFileCutShort() throws Exception {
    Path file = dir.resolve("cut.safetensors");
    Safetensors.write(file, Map.of("w", FloatTensor.of(new float[] {1, 2, 3, 4})), Map.of());
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length - 3));
    assertFailsWith(file, "reach past the end of the 13-byte data buffer; the file is truncated");
  }

  private static void assertFailsWith(Path file, String problem) {
    FileErrorAssertions.assertFailsWith(file, problem, () -> Safetensors.read(file));
  }

  /** A file with {@code header} (padded to 8 bytes) and {@code dataBytes} zero bytes of data. */
  private static byte[] file(String header, int dataBytes) {
    byte[] h = ascii(header + " ".repeat((8 - header.length() % 8) % 8));
    return concat(prefix(h.length), h, new byte[dataBytes]);
  }

  /** A length prefix claiming {@code length} bytes, followed by {@code header} as written. */
  private static byte[] withLength(long length, String header) {
    return concat(prefix(length), ascii(header));
  }

  private static byte[] prefix(long length) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
  }
}
