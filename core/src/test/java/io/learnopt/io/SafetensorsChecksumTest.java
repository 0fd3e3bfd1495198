package io.learnopt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** learnopt's files carry a SHA-256 in the metadata: any flipped bit is an error. */
class SafetensorsChecksumTest {
  @TempDir Path dir;

  private Path written() {
    Path file = dir.resolve("model.safetensors");
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.put("w", FloatTensor.of(new float[] {1.5f, -2f, 0.25f, 3f}, 2, 2));
    tensors.put("b", FloatTensor.of(new float[] {0.125f}, 1));
    // A value that quotes the key must not be taken for the checksum.
    Safetensors.writeWithChecksum(
        file,
        tensors,
        Map.of(
            "format", "x", "format_version", "2", "note", "\"sha256\":\"" + "a".repeat(64) + "\""));
    return file;
  }

  @Test
  void anIntactFileReadsBackWithItsChecksum() {
    SafetensorsFile contents = Safetensors.read(written());
    assertArrayEquals(new float[] {1.5f, -2f, 0.25f, 3f}, contents.tensor("w", 2, 2));
    assertEquals(64, contents.metadata(Safetensors.CHECKSUM_KEY).length());
  }

  @Test
  void everySingleBitFlipAnywhereIsRejected() throws IOException {
    Path file = written();
    byte[] original = Files.readAllBytes(file);
    Path damaged = dir.resolve("damaged.safetensors");
    for (int i = 0; i < original.length; i++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] bytes = original.clone();
        bytes[i] ^= (byte) (1 << bit);
        Files.write(damaged, bytes);
        int at = i;
        LearnoptException e =
            assertThrows(
                LearnoptException.class,
                () -> Safetensors.read(damaged).requireFormat("x", 2, "test file", "retry"),
                () -> "flip of bit at byte " + at + " was accepted");
        assertTrue(e.getMessage().startsWith(damaged.toString()), e.getMessage());
      }
    }
  }

  @Test
  void aVersionTwoFileWithoutItsChecksumIsDamaged() {
    Path file = dir.resolve("stripped.safetensors");
    Safetensors.write(
        file,
        Map.of("w", FloatTensor.of(new float[] {1f}, 1)),
        Map.of("format", "x", "format_version", "2"));
    LearnoptException e =
        assertThrows(
            LearnoptException.class,
            () -> Safetensors.read(file).requireFormat("x", 2, "test file", "retry"));
    assertTrue(e.getMessage().contains("lacks its 'sha256' checksum"), e.getMessage());
    assertThrows(
        LearnoptException.class,
        () -> Safetensors.read(file).requireFormat("x", 1, "test file", "retry"),
        "a version this build does not know");
  }

  @Test
  void filesWithoutAChecksumStillRead() {
    Path file = dir.resolve("plain.safetensors");
    Safetensors.write(file, Map.of("w", FloatTensor.of(new float[] {1f}, 1)), Map.of("a", "b"));
    assertEquals(Map.of("a", "b"), Safetensors.read(file).metadata());
  }
}
