package io.learnopt.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HuggingFace safetensors format, so checkpoints can be opened from Python ({@code
 * safetensors.torch.load_file}) and vice versa.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON, {@code
 * {"__metadata__": {"key": "value", ...}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets":
 * [begin, end]}, ...}}; then the data buffer, each tensor's elements little-endian row-major at
 * bytes [begin, end) counted from the buffer's start. Tensors must tile the buffer exactly: no
 * gaps, no overlaps, no unused bytes.
 *
 * <p>The format has no checksum, so learnopt adds one in the metadata: {@code sha256} holds the
 * SHA-256 of the whole file (length, header and data) computed with that value's own 64 hex digits
 * read as {@code 0}s. {@link #read} verifies it when present, so a flipped bit anywhere in the file
 * is an error rather than a silently different weight; files from other writers, which lack the
 * key, are read unverified.
 */
public final class Safetensors {
  /** The reference implementation's limit; a larger "header" means a corrupt or foreign file. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  static final String METADATA_KEY = "__metadata__";

  /** The metadata key of the file's checksum. */
  public static final String CHECKSUM_KEY = "sha256";

  static final String CHECKSUM_PLACEHOLDER = "0".repeat(64);
  private static final int CHUNK_FLOATS = 1 << 14;

  private Safetensors() {}

  /**
   * Writes {@code tensors} as F32 and {@code metadata} (omitted when empty) to {@code file},
   * exactly as the reference implementation lays them out, atomically. Tensors are laid out sorted
   * by name, as the reference implementation does for tensors of one dtype, so equal inputs give
   * byte-identical files; the header is padded with spaces to a multiple of 8 bytes so the data
   * starts 8-byte aligned.
   *
   * @throws IllegalArgumentException if a name is {@code __metadata__}
   * @throws io.learnopt.LearnoptException naming {@code file} if it cannot be written
   */
  public static void write(
      Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
    write(file, tensors, metadata, false);
  }

  /**
   * {@link #write}, plus the {@code sha256} checksum in the metadata, which {@link #read} verifies:
   * how learnopt writes its models and checkpoints.
   */
  public static void writeWithChecksum(
      Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
    write(file, tensors, metadata, true);
  }

  private static void write(
      Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata, boolean checksum) {
    // Code-point order equals the reference's byte order of UTF-8 names; String.compareTo
    // (UTF-16 units) would differ for characters beyond U+FFFF.
    Map<String, FloatTensor> sorted = new TreeMap<>(Safetensors::compareCodePoints);
    for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
      if (METADATA_KEY.equals(e.getKey())) {
        throw new IllegalArgumentException(
            "a tensor cannot be named " + METADATA_KEY + ": that key holds the file's metadata");
      }
      sorted.put(e.getKey(), e.getValue());
    }
    Map<String, String> withChecksum = new LinkedHashMap<>(metadata);
    if (checksum) {
      withChecksum.put(CHECKSUM_KEY, CHECKSUM_PLACEHOLDER);
    }
    byte[] header = header(sorted, withChecksum);
    IoConsumer<OutputStream> body =
        out -> {
          ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
          out.write(prefix.putLong(header.length).array());
          out.write(header);
          for (FloatTensor t : sorted.values()) {
            writeFloats(out, t.data());
          }
        };
    if (checksum) {
      MessageDigest digest = Checksum.digest();
      try {
        body.accept(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e); // a null stream does not fail
      }
      byte[] hex = HexFormat.of().formatHex(digest.digest()).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(hex, 0, header, Checksum.valueOffset(header), hex.length);
    }
    AtomicFiles.write(file, body);
  }

  /**
   * Reads and validates {@code file}; every tensor is converted to float32.
   *
   * @throws io.learnopt.LearnoptException naming the file, what is wrong and what to do, if the
   *     file is missing, truncated, not safetensors, uses an unsupported dtype, or violates the
   *     format in any way
   */
  public static SafetensorsFile read(Path file) {
    return SafetensorsReader.read(file);
  }

  /** The padded UTF-8 JSON header describing {@code tensors} in iteration order. */
  private static byte[] header(Map<String, FloatTensor> tensors, Map<String, String> metadata) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      json.put(METADATA_KEY, new TreeMap<>(metadata));
    }
    long offset = 0;
    for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
      FloatTensor t = e.getValue();
      List<Object> shape = new ArrayList<>();
      for (int d : t.shape()) {
        shape.add((long) d);
      }
      long end = offset + 4L * t.data().length;
      Map<String, Object> info = new LinkedHashMap<>(); // field order of the reference writer
      info.put("dtype", "F32");
      info.put("shape", shape);
      info.put("data_offsets", List.of(offset, end));
      json.put(e.getKey(), info);
      offset = end;
    }
    byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
    int padded = (text.length + 7) / 8 * 8;
    byte[] header = new byte[padded];
    System.arraycopy(text, 0, header, 0, text.length);
    for (int i = text.length; i < padded; i++) {
      header[i] = ' ';
    }
    return header;
  }

  private static void writeFloats(OutputStream out, float[] data) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < data.length; start += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, data.length - start);
      buf.clear();
      buf.asFloatBuffer().put(data, start, n);
      out.write(buf.array(), 0, 4 * n);
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
