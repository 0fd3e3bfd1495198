package io.learnopt.io;

import io.learnopt.LearnoptException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files (tensorflow/core/lib/io/record_writer
 * and tensorboard/summary/writer/record_writer.py). Each record is, little-endian:
 *
 * <pre>
 *   uint64 length
 *   uint32 masked_crc32c(length's 8 bytes)
 *   byte   data[length]
 *   uint32 masked_crc32c(data)
 * </pre>
 *
 * The CRC is CRC-32C (Castagnoli), masked as {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8} in
 * 32-bit arithmetic: TensorFlow masks it because computing a CRC over data that itself contains
 * CRCs is weak.
 */
final class TfRecord {
  /** Bytes around the data: the length, its CRC, and the data's CRC. */
  static final int OVERHEAD = 8 + 4 + 4;

  private static final int MASK_DELTA = 0xa282ead8;

  private static final String TRUNCATED = "; the file is truncated — was its writer interrupted?";

  private TfRecord() {}

  /** The masked CRC-32C of {@code bytes[offset, offset + length)}. */
  static int maskedCrc32c(byte[] bytes, int offset, int length) {
    CRC32C crc32c = new CRC32C();
    crc32c.update(bytes, offset, length);
    return mask((int) crc32c.getValue());
  }

  /** TensorFlow's mask: rotate right by 15 bits, then add a constant (both mod 2^32). */
  static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  /**
   * The length of the longest prefix of {@code bytes} made of whole records with valid CRCs whose
   * data {@code keep} accepts: where a writer continuing the file cuts it, dropping a record cut
   * off by a kill and everything after the first record it no longer wants.
   */
  static int keptPrefix(byte[] bytes, java.util.function.Predicate<byte[]> keep) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int end = 0;
    while (in.hasRemaining()) {
      Record record = next(bytes, in);
      if (record.problem() != null || !keep.test(record.data())) {
        break;
      }
      end = in.position();
    }
    return end;
  }

  /** One framed record holding {@code data}. */
  static byte[] frame(byte[] data) {
    ByteBuffer out = ByteBuffer.allocate(OVERHEAD + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(data.length);
    out.putInt(maskedCrc32c(out.array(), 0, 8));
    out.put(data);
    out.putInt(maskedCrc32c(data, 0, data.length));
    return out.array();
  }

  /**
   * Splits {@code bytes}, the content of {@code file}, into its records' data, verifying both CRCs
   * of every record.
   *
   * @throws LearnoptException naming the file, the record's index (0 for the first) and its byte
   *     offset, if a CRC does not match or the file ends inside a record
   */
  static List<byte[]> unframe(Path file, byte[] bytes) {
    List<byte[]> records = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    while (in.hasRemaining()) {
      int start = in.position();
      Record record = next(bytes, in);
      if (record.problem() != null) {
        throw corrupt(file, records.size(), start, record.problem());
      }
      records.add(record.data());
    }
    return records;
  }

  /** One record read from a file: its data, or what is wrong with it (then data is null). */
  private record Record(byte[] data, String problem) {}

  /**
   * Reads the record at {@code in}'s position in {@code bytes}, checking both CRCs and that the
   * file does not end inside it; after a problem, {@code in}'s position is unspecified.
   */
  private static Record next(byte[] bytes, ByteBuffer in) {
    int start = in.position();
    if (in.remaining() < 12) {
      return new Record(
          null,
          "the file ends inside the 12-byte record header (only "
              + in.remaining()
              + " bytes remain)"
              + TRUNCATED);
    }
    long length = in.getLong();
    int lengthCrc = in.getInt();
    int expected = maskedCrc32c(bytes, start, 8);
    if (lengthCrc != expected) {
      return new Record(null, crcMismatch("length", lengthCrc, expected));
    }
    // An unsigned length beyond what remains (including any "negative" long) is a cut-off file.
    if (length < 0 || length > in.remaining() - 4) {
      return new Record(
          null,
          "the header announces "
              + Long.toUnsignedString(length)
              + " data bytes and a 4-byte CRC, but only "
              + in.remaining()
              + " bytes follow it"
              + TRUNCATED);
    }
    int dataStart = in.position();
    byte[] data = Arrays.copyOfRange(bytes, dataStart, dataStart + (int) length);
    in.position(dataStart + (int) length);
    int dataCrc = in.getInt();
    expected = maskedCrc32c(data, 0, data.length);
    if (dataCrc != expected) {
      return new Record(null, crcMismatch("data", dataCrc, expected));
    }
    return new Record(data, null);
  }

  private static String crcMismatch(String what, int stored, int computed) {
    return String.format(
        "the %s's masked CRC-32C is stored as 0x%08x but computes to 0x%08x; the file is corrupt",
        what, stored, computed);
  }

  private static LearnoptException corrupt(Path file, int index, int offset, String problem) {
    return new LearnoptException(
        file + ": record " + index + " (at byte " + offset + "): " + problem);
  }
}
