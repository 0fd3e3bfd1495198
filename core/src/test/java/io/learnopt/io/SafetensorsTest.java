package io.learnopt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout, round trips and accessors; corrupt files are in {@link SafetensorsCorruptFileTest}. */
class SafetensorsTest {
  @TempDir Path dir;

  private static final float[] ZERO_TO_FIVE = {0, 1, 2, 3, 4, 5};

  /** Bytes 0..5 as little-endian float32, written out by hand. */
  private static final byte[] ZERO_TO_FIVE_LE = {
    0,
    0,
    0,
    0,
    0,
    0,
    (byte) 0x80,
    0x3f,
    0,
    0,
    0,
    0x40,
    0,
    0,
    0x40,
    0x40,
    0,
    0,
    (byte) 0x80,
    0x40,
    0,
    0,
    (byte) 0xa0,
    0x40
  };

  @Test
  void writesTheExactReferenceLayout() throws Exception {
    // The same tensor the reference implementation's serialization test uses: its header is
    // exactly 64 bytes, so no padding.
    Path file = dir.resolve("attn.safetensors");
    Safetensors.write(file, Map.of("attn.0", FloatTensor.of(ZERO_TO_FIVE, 1, 2, 3)), Map.of());
    String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    assertEquals(64, header.length());
    byte[] expected = concat(new byte[] {64, 0, 0, 0, 0, 0, 0, 0}, ascii(header), ZERO_TO_FIVE_LE);
    assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void padsTheHeaderWithSpacesToAMultipleOfEight() throws Exception {
    Path file = dir.resolve("attn0.safetensors");
    Safetensors.write(file, Map.of("attn0", FloatTensor.of(ZERO_TO_FIVE, 1, 1, 2, 3)), Map.of());
    String header = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
    assertEquals(65, header.length());
    byte[] expected =
        concat(new byte[] {72, 0, 0, 0, 0, 0, 0, 0}, ascii(header + "       "), ZERO_TO_FIVE_LE);
    assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void writesEmptyFilesAndMetadataLikeTheReference() throws Exception {
    Path empty = dir.resolve("empty.safetensors");
    Safetensors.write(empty, Map.of(), Map.of());
    assertArrayEquals(
        concat(new byte[] {8, 0, 0, 0, 0, 0, 0, 0}, ascii("{}      ")), Files.readAllBytes(empty));

    Path meta = dir.resolve("meta.safetensors");
    Safetensors.write(meta, Map.of(), Map.of("framework", "pt"));
    assertArrayEquals(
        concat(
            new byte[] {40, 0, 0, 0, 0, 0, 0, 0},
            ascii("{\"__metadata__\":{\"framework\":\"pt\"}}     ")),
        Files.readAllBytes(meta));
    assertEquals(Map.of("framework", "pt"), Safetensors.read(meta).metadata());
    assertEquals(Map.of(), Safetensors.read(empty).tensors());
  }

  @Test
  void laysTensorsOutSortedByNameWithSortedMetadata() throws Exception {
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.put("b", FloatTensor.of(new float[] {3}));
    tensors.put("a", FloatTensor.of(new float[] {1, 2}));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("seed", "7");
    metadata.put("command", "train");
    Path file = dir.resolve("sorted.safetensors");
    Safetensors.write(file, tensors, metadata);

    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8);
    assertEquals(
        "{\"__metadata__\":{\"command\":\"train\",\"seed\":\"7\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
        new String(bytes, 8, (int) n, StandardCharsets.UTF_8).stripTrailing());
    ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, 12).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1f, data.getFloat());
    assertEquals(2f, data.getFloat());
    assertEquals(3f, data.getFloat());
    assertEquals(8 + n + 12, bytes.length);

    SafetensorsFile read = Safetensors.read(file);
    assertEquals(List.of("a", "b"), new ArrayList<>(read.tensors().keySet()));
    assertEquals("train", read.metadata("command"));
  }

  @Test
  void roundTripsEveryFloatAndShape() {
    float[] special = {
      Float.NaN,
      -0f,
      0f,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      Float.MAX_VALUE,
      -1.5e-20f
    };
    float[] big = new float[50_000]; // spans several write and read chunks
    for (int i = 0; i < big.length; i++) {
      big[i] = (float) Math.sin(i) * i;
    }
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.put("special", FloatTensor.of(special, 2, 4));
    tensors.put("big", FloatTensor.of(big, 100, 5, 100));
    tensors.put("scalar", new FloatTensor(new float[] {42}, new int[0]));
    tensors.put("empty", FloatTensor.of(new float[0], 3, 0));
    tensors.put("lstm/layer 1/ü", FloatTensor.of(new float[] {1, 2, 3}));
    Path file = dir.resolve("nested/dir/model.safetensors");
    Safetensors.write(file, tensors, Map.of("note", "ünïcödé \"quoted\"\n"));

    SafetensorsFile read = Safetensors.read(file);
    assertEquals(tensors, read.tensors());
    assertEquals("ünïcödé \"quoted\"\n", read.metadata("note"));
    assertEquals(file, read.path());
    // equals on floats compares bits only through Arrays.equals, so check NaN and -0 explicitly
    float[] s = read.tensor("special", 2, 4);
    assertTrue(Float.isNaN(s[0]));
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(s[1]));
    assertArrayEquals(new float[] {42}, read.tensor("scalar"));
    assertArrayEquals(big, read.tensor("big", 100, 5, 100));
  }

  @Test
  void readsAFileInTheOfficialFormatWrittenByHand() throws Exception {
    // As another writer may produce it: header keys in any order, fields in any order,
    // whitespace, newline padding, and the wider and narrower float dtypes.
    String header =
        "{\n \"w64\": {\"data_offsets\": [0, 16], \"shape\": [2], \"dtype\": \"F64\"},\n"
            + " \"__metadata__\": {\"format\": \"pt\"},\n"
            + " \"w32\": {\"dtype\": \"F32\", \"shape\": [1, 2], \"data_offsets\": [16, 24]},\n"
            + " \"wbf\": {\"dtype\": \"BF16\", \"shape\": [2], \"data_offsets\": [24, 28]},\n"
            + " \"w16\": {\"dtype\": \"F16\", \"shape\": [2], \"data_offsets\": [28, 32]}\n}";
    ByteBuffer data = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    data.putDouble(0.1).putDouble(-3.0); // F64
    data.putFloat(1.5f).putFloat(-2.25f); // F32
    data.putShort((short) 0x3fc0).putShort((short) 0xc000); // BF16 1.5, -2
    data.putShort((short) 0x3c00).putShort((short) 0xb800); // F16 1, -0.5
    byte[] headerBytes = ascii(header);
    byte[] prefix =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array();
    Path file = dir.resolve("python.safetensors");
    Files.write(file, concat(prefix, headerBytes, data.array()));

    SafetensorsFile read = Safetensors.read(file);
    assertEquals(List.of("w64", "w32", "wbf", "w16"), new ArrayList<>(read.tensors().keySet()));
    assertEquals("pt", read.metadata("format"));
    assertArrayEquals(new float[] {0.1f, -3f}, read.tensor("w64", 2));
    assertArrayEquals(new float[] {1.5f, -2.25f}, read.tensor("w32", 1, 2));
    assertArrayEquals(new float[] {1.5f, -2f}, read.tensor("wbf", 2));
    assertArrayEquals(new float[] {1f, -0.5f}, read.tensor("w16", 2));
  }

  @Test
  void accessorsNameTheFileTensorAndShapes() {
    Path file = dir.resolve("ckpt.safetensors");
    Safetensors.write(
        file, Map.of("w", FloatTensor.of(new float[6], 2, 3)), Map.of("version", "0.1.0"));
    SafetensorsFile read = Safetensors.read(file);

    LearnoptException shape = assertThrows(LearnoptException.class, () -> read.tensor("w", 3, 2));
    assertEquals(
        file
            + ": tensor 'w' has shape [2, 3] but [3, 2] was expected; the checkpoint was saved"
            + " for a different configuration (check sizes such as the hidden size or problem"
            + " dimension)",
        shape.getMessage());

    LearnoptException missing = assertThrows(LearnoptException.class, () -> read.tensor("b", 3));
    assertTrue(missing.getMessage().startsWith(file + ": no tensor named 'b' (the file has w)"));

    LearnoptException key = assertThrows(LearnoptException.class, () -> read.metadata("seed"));
    assertTrue(
        key.getMessage().startsWith(file + ": metadata has no key \"seed\" (it has version)"),
        key.getMessage());
  }

  @Test
  void refusesATensorNamedLikeTheMetadataKey() {
    Path file = dir.resolve("x.safetensors");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Safetensors.write(
                file, Map.of("__metadata__", FloatTensor.of(new float[1])), Map.of()));
    assertTrue(Files.notExists(file));
  }

  @Test
  void floatTensorChecksItsShape() {
    assertThrows(IllegalArgumentException.class, () -> FloatTensor.of(new float[5], 2, 3));
    assertThrows(IllegalArgumentException.class, () -> FloatTensor.of(new float[0], -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> FloatTensor.of(new float[4], 65536, 65536, 65536, 65536));
    assertEquals("FloatTensor[2, 3]", FloatTensor.of(new float[6], 2, 3).toString());
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
