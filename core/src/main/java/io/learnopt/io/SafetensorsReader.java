package io.learnopt.io;

import io.learnopt.LearnoptException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a safetensors file as strictly as the reference implementation and reads its tensors.
 * Everything that can be checked from the header and the file size is checked before any tensor
 * data is read, so a corrupt file fails fast and names its first problem.
 */
final class SafetensorsReader {
  private static final Set<String> TENSOR_FIELDS = Set.of("dtype", "shape", "data_offsets");
  private static final String NOT_SAFETENSORS =
      "; it is not a safetensors file or it is corrupt — re-save or re-download it";

  /** The largest Java array, which bounds one tensor's element count. */
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private static final int CHUNK_BYTES = 1 << 16;

  private final Path file;

  /** One header entry, validated on its own but not yet against the others. */
  private record Entry(String name, SafetensorsDtype dtype, int[] shape, long begin, long end) {}

  private SafetensorsReader(Path file) {
    this.file = file;
  }

  static SafetensorsFile read(Path file) {
    return new SafetensorsReader(file).read();
  }

  private SafetensorsFile read() {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw fail(
            "the file is "
                + size
                + " bytes long, shorter than the 8-byte header length that starts every"
                + " safetensors file"
                + NOT_SAFETENSORS);
      }
      long headerLength = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      // Unsigned compare: a length with the top bit set reads as negative in Java.
      if (Long.compareUnsigned(headerLength, Safetensors.MAX_HEADER_BYTES) > 0) {
        throw fail(
            "the header length "
                + Long.toUnsignedString(headerLength)
                + " exceeds the 100 MB limit"
                + NOT_SAFETENSORS);
      }
      if (8 + headerLength > size) {
        throw fail(
            "the header length "
                + headerLength
                + " reaches past the end of the "
                + size
                + "-byte file; the file is truncated"
                + NOT_SAFETENSORS);
      }
      byte[] headerBytes = readFully(ch, 8, (int) headerLength).array();
      Map<String, Object> header = parseHeader(ByteBuffer.wrap(headerBytes));
      Map<String, String> metadata = Map.of();
      List<Entry> entries = new ArrayList<>();
      for (Map.Entry<String, Object> e : header.entrySet()) {
        if (e.getKey().equals(Safetensors.METADATA_KEY)) {
          metadata = metadata(e.getValue());
        } else {
          entries.add(entry(e.getKey(), e.getValue()));
        }
      }
      long dataStart = 8 + headerLength;
      checkLayout(entries, size - dataStart);
      if (metadata.containsKey(Safetensors.CHECKSUM_KEY)) {
        verifyChecksum(ch, headerBytes, metadata.get(Safetensors.CHECKSUM_KEY));
      }
      Map<String, FloatTensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        tensors.put(e.name(), new FloatTensor(readData(ch, dataStart, e), e.shape()));
      }
      return new SafetensorsFile(file, metadata, tensors);
    } catch (NoSuchFileException e) {
      throw new LearnoptException(file + ": no such file; check the path");
    } catch (IOException e) {
      throw new LearnoptException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> parseHeader(ByteBuffer bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString();
    } catch (CharacterCodingException e) {
      throw fail("the header is not valid UTF-8" + NOT_SAFETENSORS);
    }
    Object json;
    try {
      json = Json.parse(text);
    } catch (JsonParseException e) {
      throw fail("the header is not valid JSON (" + e.getMessage() + ")" + NOT_SAFETENSORS);
    }
    if (!(json instanceof Map<?, ?> map)) {
      throw fail("the header is a JSON " + kind(json) + ", not an object" + NOT_SAFETENSORS);
    }
    @SuppressWarnings("unchecked") // the parser only makes String-keyed maps
    Map<String, Object> header = (Map<String, Object>) map;
    return header;
  }

  private Map<String, String> metadata(Object json) {
    if (json == null) {
      return Map.of(); // the reference writer's Option<HashMap> accepts null
    }
    if (!(json instanceof Map<?, ?> map)) {
      throw fail(
          Safetensors.METADATA_KEY
              + " is a JSON "
              + kind(json)
              + ", not an object of strings"
              + NOT_SAFETENSORS);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof String value)) {
        throw fail(
            Safetensors.METADATA_KEY
                + " value for \""
                + e.getKey()
                + "\" is a JSON "
                + kind(e.getValue())
                + "; the format allows only string values, so write numbers as text");
      }
      metadata.put((String) e.getKey(), value);
    }
    return metadata;
  }

  private Entry entry(String name, Object json) {
    String where = "tensor '" + name + "'";
    if (!(json instanceof Map<?, ?> info)) {
      throw fail(
          where + " is described by a JSON " + kind(json) + ", not an object" + NOT_SAFETENSORS);
    }
    for (Object key : info.keySet()) {
      if (!TENSOR_FIELDS.contains(key)) {
        throw fail(
            where
                + " has unknown field \""
                + key
                + "\"; expected exactly dtype, shape and data_offsets"
                + NOT_SAFETENSORS);
      }
    }
    for (String field : List.of("dtype", "shape", "data_offsets")) {
      if (!info.containsKey(field)) {
        throw fail(where + " has no \"" + field + "\" field" + NOT_SAFETENSORS);
      }
    }
    if (!(info.get("dtype") instanceof String dtypeName)) {
      throw fail(where + " dtype is not a string" + NOT_SAFETENSORS);
    }
    SafetensorsDtype dtype = SafetensorsDtype.named(dtypeName);
    if (dtype == null) {
      throw fail(
          where
              + " has dtype "
              + dtypeName
              + ", which learnopt cannot read; it reads F32, F64, F16 and BF16 — convert the"
              + " tensor to float32 before saving");
    }
    List<Long> dims = integers(info.get("shape"), where + " shape");
    int[] shape = new int[dims.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      long d = dims.get(i);
      if (d < 0) {
        throw fail(where + " has a negative dimension in shape " + dims + NOT_SAFETENSORS);
      }
      if (d > MAX_ELEMENTS || (elements = elements * d) > MAX_ELEMENTS) {
        throw fail(
            where
                + " shape "
                + dims
                + " has more elements than a Java array can hold (2^31 - 9); split the tensor");
      }
      shape[i] = (int) d;
    }
    List<Long> offsets = integers(info.get("data_offsets"), where + " data_offsets");
    if (offsets.size() != 2) {
      throw fail(
          where
              + " data_offsets "
              + offsets
              + " must be [begin, end], two numbers"
              + NOT_SAFETENSORS);
    }
    long begin = offsets.get(0);
    long end = offsets.get(1);
    if (begin < 0 || end < begin) {
      throw fail(
          where
              + " data_offsets "
              + offsets
              + " are not a range: need 0 ≤ begin ≤ end"
              + NOT_SAFETENSORS);
    }
    long needed = elements * dtype.bytes;
    if (end - begin != needed) {
      throw fail(
          where
              + " data_offsets "
              + offsets
              + " span "
              + (end - begin)
              + " bytes, but shape "
              + dims
              + " of "
              + dtype
              + " needs "
              + needed
              + NOT_SAFETENSORS);
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  /** A JSON array of integers, e.g. a shape; doubles and integers beyond 64 bits are refused. */
  private List<Long> integers(Object json, String what) {
    if (!(json instanceof List<?> list)) {
      throw fail(
          what + " is a JSON " + kind(json) + ", not an array of integers" + NOT_SAFETENSORS);
    }
    List<Long> out = new ArrayList<>();
    for (Object v : list) {
      if (!(v instanceof Long l)) {
        throw fail(what + " " + list + " contains " + v + ", not an integer" + NOT_SAFETENSORS);
      }
      out.add(l);
    }
    return out;
  }

  /**
   * The format requires the tensors to tile the buffer exactly, like the reference reader: sorted
   * by offset, each must start where the previous ended, and the last must end at the buffer's end.
   */
  private void checkLayout(List<Entry> entries, long bufferBytes) {
    for (Entry e : entries) {
      if (e.end() > bufferBytes) {
        throw fail(
            "tensor '"
                + e.name()
                + "' data_offsets ["
                + e.begin()
                + ", "
                + e.end()
                + "] reach past the end of the "
                + bufferBytes
                + "-byte data buffer; the file is truncated (copy it again) or its header is"
                + " corrupt");
      }
    }
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin() < covered) {
        throw fail(
            "tensors '"
                + previous.name()
                + "' ["
                + previous.begin()
                + ", "
                + previous.end()
                + "] and '"
                + e.name()
                + "' ["
                + e.begin()
                + ", "
                + e.end()
                + "] overlap in the data buffer"
                + NOT_SAFETENSORS);
      }
      if (e.begin() > covered) {
        throw fail(
            "bytes ["
                + covered
                + ", "
                + e.begin()
                + ") of the data buffer, before tensor '"
                + e.name()
                + "', belong to no tensor; the format forbids gaps"
                + NOT_SAFETENSORS);
      }
      covered = e.end();
      previous = e;
    }
    if (covered != bufferBytes) {
      throw fail(
          "the data buffer has "
              + bufferBytes
              + " bytes but the tensors cover only "
              + covered
              + "; the format forbids unused bytes"
              + NOT_SAFETENSORS);
    }
  }

  /**
   * Recomputes the file's SHA-256 with the checksum's digits as zeros ({@link Safetensors}) and
   * compares it with {@code stored}.
   */
  private void verifyChecksum(FileChannel ch, byte[] header, String stored) throws IOException {
    int at = Checksum.valueOffset(header);
    if (at < 0 || !stored.equals(new String(header, at, 64, StandardCharsets.US_ASCII))) {
      throw fail(
          "the metadata '"
              + Safetensors.CHECKSUM_KEY
              + "' is not 64 lowercase hex digits; the file is damaged: copy it again or"
              + " retrain");
    }
    MessageDigest digest = Checksum.digest();
    digest.update(readFully(ch, 0, 8));
    byte[] zeroed = header.clone();
    System.arraycopy(
        Safetensors.CHECKSUM_PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), 0, zeroed, at, 64);
    digest.update(zeroed);
    long size = ch.size();
    for (long pos = 8 + header.length; pos < size; pos += CHUNK_BYTES) {
      digest.update(readFully(ch, pos, (int) Math.min(CHUNK_BYTES, size - pos)));
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(stored)) {
      throw fail(
          "the checksum does not match (stored "
              + stored
              + ", computed "
              + actual
              + "): the file was damaged after it was written; copy it again, or retrain or"
              + " resume from an intact checkpoint");
    }
  }

  private float[] readData(FileChannel ch, long dataStart, Entry e) throws IOException {
    float[] out = new float[(int) ((e.end() - e.begin()) / e.dtype().bytes)];
    long pos = dataStart + e.begin();
    int elementsPerChunk = CHUNK_BYTES / e.dtype().bytes;
    for (int start = 0; start < out.length; start += elementsPerChunk) {
      int n = Math.min(elementsPerChunk, out.length - start);
      ByteBuffer buf = readFully(ch, pos, n * e.dtype().bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        out[start + i] = e.dtype().read(buf);
      }
      pos += (long) n * e.dtype().bytes;
    }
    return out;
  }

  private ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + buf.position());
      if (n < 0) {
        // Only possible if the file shrank after we checked its size.
        throw fail("the file ended while reading it; is another program writing it?");
      }
    }
    return buf.flip();
  }

  private static String kind(Object json) {
    return switch (json) {
      case null -> "null";
      case String s -> "string";
      case Boolean b -> "boolean";
      case Number n -> "number";
      case List<?> l -> "array";
      case Map<?, ?> m -> "object";
      default -> json.getClass().getSimpleName();
    };
  }

  private LearnoptException fail(String problem) {
    return new LearnoptException(file + ": " + problem);
  }
}
