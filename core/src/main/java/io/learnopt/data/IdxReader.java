package io.learnopt.data;

import io.learnopt.FileBytes;
import io.learnopt.LearnoptException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the format of MNIST, http://yann.lecun.com/exdb/mnist/), raw or gzip-compressed.
 *
 * <p>Layout, all big-endian: a magic number {@code 0x0000TTDD} — two zero bytes, the element type
 * {@code TT} and the number of dimensions {@code DD}; then each dimension as an int32; then the
 * elements in row-major order. Only element type {@code 0x08} (unsigned byte), the one MNIST uses,
 * is supported. A file that starts with the gzip magic {@code 0x1f8b} is decompressed first.
 *
 * <p>The reader is strict: the data must be exactly as long as the dimensions say, because a file
 * with missing or extra bytes is corrupt and training on it would fail silently.
 */
public final class IdxReader {
  /** Element type code of unsigned bytes, the only one supported. */
  public static final int UNSIGNED_BYTE = 0x08;

  /** Any number of dimensions, for {@link #parse}. */
  static final int ANY_DIMENSIONS = -1;

  /** The largest Java array, which bounds the element count. */
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private static final int INITIAL_DATA_BYTES = 1 << 26;

  private static final String FIX = "; restore the file or download it again";

  private IdxReader() {}

  /**
   * Reads {@code file} with any number of dimensions.
   *
   * @throws LearnoptException naming the file, what is wrong and what to do, if the file is
   *     missing, unreadable, not an IDX file of unsigned bytes, truncated, longer than its
   *     dimensions say, or a corrupt gzip stream
   */
  public static IdxArray read(Path file) {
    return parse(file, FileBytes.read(file), ANY_DIMENSIONS);
  }

  /**
   * Reads {@code file}, which must have exactly {@code dimensions} dimensions (magic number {@code
   * 0x000008DD} with {@code DD = dimensions}): 3 for MNIST images, 1 for labels.
   *
   * @throws LearnoptException as {@link #read(Path)}, and if the file has another number of
   *     dimensions
   */
  public static IdxArray read(Path file, int dimensions) {
    if (dimensions < 1 || dimensions > 0xff) {
      throw new IllegalArgumentException("dimensions must be in 1..255, got " + dimensions);
    }
    return parse(file, FileBytes.read(file), dimensions);
  }

  /**
   * Parses {@code contents}, the bytes of {@code file} (gzipped or raw); {@code file} only names it
   * in messages. {@code dimensions} is the required number of dimensions or {@link
   * #ANY_DIMENSIONS}.
   */
  static IdxArray parse(Path file, byte[] contents, int dimensions) {
    boolean gzipped =
        contents.length >= 2 && contents[0] == (byte) 0x1f && contents[1] == (byte) 0x8b;
    // Stream the decompressed bytes straight into the exactly-sized data array: MNIST's training
    // images are 47 MB, and an intermediate buffer would cost another copy of them.
    try (InputStream in =
        gzipped
            ? new GZIPInputStream(new ByteArrayInputStream(contents), 1 << 16)
            : new ByteArrayInputStream(contents)) {
      return new Parser(file, in, gzipped ? "the decompressed data" : "the file", dimensions)
          .parse();
    } catch (IOException e) {
      // A ByteArrayInputStream never throws, so this is the gzip stream.
      throw fail(
          file,
          "starts with the gzip magic 0x1f8b but is not a valid gzip stream ("
              + e.getMessage()
              + "); it is corrupt or truncated"
              + FIX);
    }
  }

  /** Reads one IDX array from {@code in}; {@code what} names the byte source in messages. */
  private record Parser(Path file, InputStream in, String what, int dimensions) {
    IdxArray parse() throws IOException {
      String expected =
          dimensions == ANY_DIMENSIONS
              ? "0x000008DD (two zero bytes, element type 0x08, DD dimensions)"
              : String.format(
                  "0x%08X (unsigned bytes, %d dimensions)", 0x800 | dimensions, dimensions);
      byte[] start = in.readNBytes(4);
      if (start.length < 4) {
        throw fail(
            file,
            what
                + (start.length == 0 ? " is empty" : " is only " + start.length + " bytes long")
                + ", too short for the 4-byte IDX magic number "
                + expected
                + FIX);
      }
      int magic = ByteBuffer.wrap(start).getInt(); // big-endian by default, as IDX is
      if ((magic >>> 16) != 0) {
        throw fail(
            file,
            String.format(
                "bad magic number 0x%08X, expected %s; this is not an IDX file%s",
                magic, expected, FIX));
      }
      int type = (magic >>> 8) & 0xff;
      int ndims = magic & 0xff;
      if (type != UNSIGNED_BYTE) {
        throw fail(
            file,
            String.format(
                "magic number 0x%08X declares element type 0x%02X (%s); learnopt reads only 0x08"
                    + " (unsigned byte), the type of MNIST images and labels",
                magic, type, typeName(type)));
      }
      if (ndims == 0 || (dimensions != ANY_DIMENSIONS && ndims != dimensions)) {
        throw fail(
            file,
            String.format(
                "magic number 0x%08X declares %d dimensions, expected %s; is this the right file?",
                magic, ndims, expected));
      }
      byte[] dimBytes = in.readNBytes(4 * ndims);
      if (dimBytes.length < 4 * ndims) {
        throw fail(
            file,
            "the header of "
                + ndims
                + " dimensions needs "
                + (4 + 4 * ndims)
                + " bytes but "
                + what
                + " has only "
                + (4 + dimBytes.length)
                + "; it is truncated"
                + FIX);
      }
      int[] dims = new int[ndims];
      ByteBuffer dimBuffer = ByteBuffer.wrap(dimBytes);
      long elements = 1;
      for (int i = 0; i < ndims; i++) {
        dims[i] = dimBuffer.getInt();
        if (dims[i] <= 0) {
          throw fail(
              file,
              "dimension "
                  + i
                  + " is "
                  + Integer.toUnsignedString(dims[i])
                  + "; every dimension must be in 1..2147483647"
                  + FIX);
        }
        elements = Math.min(elements * dims[i], MAX_ELEMENTS + 1); // saturate: no long overflow
      }
      if (elements > MAX_ELEMENTS) {
        throw fail(
            file,
            "dimensions "
                + Arrays.toString(dims)
                + " describe more elements than a Java array can hold"
                + FIX);
      }
      byte[] data = readData((int) elements);
      if (data.length < elements) {
        throw fail(
            file,
            "dimensions "
                + Arrays.toString(dims)
                + " need "
                + elements
                + " data bytes but "
                + what
                + " has only "
                + data.length
                + " after its header; it is truncated"
                + FIX);
      }
      // Reading to the end also makes GZIPInputStream check the stream's CRC-32 and length.
      long trailing = in.transferTo(OutputStream.nullOutputStream());
      if (trailing > 0) {
        throw fail(
            file,
            trailing
                + " trailing bytes after the "
                + elements
                + " data bytes that dimensions "
                + Arrays.toString(dims)
                + " describe; the header and the data disagree"
                + FIX);
      }
      return new IdxArray(dims, data);
    }

    /**
     * Up to {@code elements} bytes, fewer if the stream ends first. The array starts at most 64 MB
     * and doubles only as bytes arrive, so a corrupt header claiming gigabytes cannot exhaust the
     * heap before the truncation is noticed; MNIST's 47 MB fit the first array exactly.
     */
    private byte[] readData(int elements) throws IOException {
      byte[] data = new byte[Math.min(elements, INITIAL_DATA_BYTES)];
      int n = 0;
      while (true) {
        n += in.readNBytes(data, n, data.length - n);
        if (n < data.length) {
          return Arrays.copyOf(data, n); // the stream ended early
        }
        if (n == elements) {
          return data;
        }
        data = Arrays.copyOf(data, (int) Math.min(elements, 2L * data.length));
      }
    }
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "int16";
      case 0x0C -> "int32";
      case 0x0D -> "float32";
      case 0x0E -> "float64";
      default -> "not an IDX type";
    };
  }

  private static LearnoptException fail(Path file, String problem) {
    return new LearnoptException(file + ": " + problem);
  }
}
