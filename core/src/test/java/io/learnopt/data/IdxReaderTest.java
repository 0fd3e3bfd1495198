package io.learnopt.data;

import static io.learnopt.FileErrorAssertions.assertFailsWith;
import static io.learnopt.FileErrorAssertions.assertRejects;
import static io.learnopt.data.IdxFiles.gzip;
import static io.learnopt.data.IdxFiles.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IDX files written byte by byte: valid ones parse raw and gzipped, and every way one can be wrong
 * fails with a message that starts with the file's path and names the problem.
 */
class IdxReaderTest {
  @TempDir Path dir;

  /** A 2 × 3 array holding 0, 1, 2, 200, 254, 255. */
  private static final byte[] TWO_BY_THREE =
      new byte[] {0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, (byte) 200, (byte) 254, (byte) 255};

  @ParameterizedTest(name = "gzipped: {0}")
  @ValueSource(booleans = {false, true})
  void readsAHandWrittenFile(boolean gzipped) throws Exception {
    Path file = dir.resolve("tiny.idx");
    Files.write(file, gzipped ? gzip(TWO_BY_THREE) : TWO_BY_THREE);

    IdxArray array = IdxReader.read(file);

    assertArrayEquals(new int[] {2, 3}, array.dims());
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 200, (byte) 254, (byte) 255}, array.data());
    assertArrayEquals(array.dims(), IdxReader.read(file, 2).dims());
  }

  static Stream<Arguments> corruptFiles() {
    byte[] valid = idx(new int[] {2, 3}, new byte[6]);
    byte[] gzipped = gzip(valid);
    byte[] flipped = gzipped.clone();
    flipped[flipped.length - 6] ^= 0x55; // inside the CRC-32 of the trailer
    return Stream.of(
        Arguments.of("empty", new byte[0], "the file is empty, too short for the 4-byte IDX magic"),
        Arguments.of("3 bytes", new byte[] {0, 0, 8}, "the file is only 3 bytes long"),
        Arguments.of(
            "bad magic",
            idx(0x12345678, new int[0], new byte[0]),
            "bad magic number 0x12345678, expected 0x000008DD"),
        Arguments.of(
            "float elements",
            idx(0x0D02, new int[] {1, 1}, new byte[4]),
            "declares element type 0x0D (float32); learnopt reads only 0x08"),
        Arguments.of(
            "no dimensions", idx(0x0800, new int[0], new byte[0]), "declares 0 dimensions"),
        Arguments.of(
            "header cut short",
            Arrays.copyOf(valid, 10),
            "the header of 2 dimensions needs 12 bytes but the file has only 10; it is truncated"),
        Arguments.of(
            "zero dimension",
            idx(new int[] {2, 0}, new byte[0]),
            "dimension 1 is 0; every dimension must be in 1..2147483647"),
        Arguments.of(
            "negative dimension",
            idx(new int[] {-1}, new byte[0]),
            "dimension 0 is 4294967295; every dimension must be in 1..2147483647"),
        Arguments.of(
            "huge dimensions",
            idx(new int[] {65536, 65536}, new byte[0]),
            "describe more elements than a Java array can hold"),
        Arguments.of(
            "data cut short",
            Arrays.copyOf(valid, valid.length - 2),
            "dimensions [2, 3] need 6 data bytes but the file has only 4 after its header;"
                + " it is truncated"),
        Arguments.of(
            "trailing bytes",
            Arrays.copyOf(valid, valid.length + 3),
            "3 trailing bytes after the 6 data bytes that dimensions [2, 3] describe"),
        Arguments.of(
            "gzip cut short",
            Arrays.copyOf(gzipped, gzipped.length - 10),
            "starts with the gzip magic 0x1f8b but is not a valid gzip stream"),
        Arguments.of(
            "gzip checksum wrong",
            flipped,
            "starts with the gzip magic 0x1f8b but is not a valid gzip stream"),
        Arguments.of(
            "gzip of a truncated IDX",
            gzip(Arrays.copyOf(valid, valid.length - 1)),
            "need 6 data bytes but the decompressed data has only 5 after its header"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptFiles")
  void rejectsWithAMessageNamingFileAndProblem(String name, byte[] bytes, String problem)
      throws Exception {
    assertRejects(dir.resolve(name.replace(' ', '-') + ".idx"), bytes, problem, IdxReader::read);
  }

  @Test
  void rejectsTheWrongNumberOfDimensions() throws Exception {
    Path file = dir.resolve("labels.idx");
    Files.write(file, idx(new int[] {4}, new byte[4]));
    assertFailsWith(
        file,
        "magic number 0x00000801 declares 1 dimensions, expected 0x00000803 (unsigned bytes,"
            + " 3 dimensions); is this the right file?",
        () -> IdxReader.read(file, 3));
  }

  @Test
  void rejectsAMissingFile() {
    Path file = dir.resolve("nope.idx");
    assertFailsWith(file, "no such file; check the path", () -> IdxReader.read(file));
  }
}
