package io.learnopt.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files byte by byte for the tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** An IDX file of unsigned bytes: magic 0x000008DD, the dimensions, then {@code data}. */
  static byte[] idx(int[] dims, byte[] data) {
    return idx(0x0800 | dims.length, dims, data);
  }

  /** An IDX file with the given {@code magic}, written as is. */
  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer buf = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    buf.putInt(magic);
    for (int d : dims) {
      buf.putInt(d);
    }
    return buf.put(data).array();
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code count} 28 × 28 images; pixel p of image i is (i + p) mod 256. */
  static byte[] images(int count) {
    byte[] pixels = new byte[count * Mnist.PIXELS];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < Mnist.PIXELS; p++) {
        pixels[i * Mnist.PIXELS + p] = (byte) (i + p);
      }
    }
    return gzip(idx(new int[] {count, Mnist.ROWS, Mnist.COLUMNS}, pixels));
  }

  /** A gzipped label file holding {@code labels}. */
  static byte[] labels(int... labels) {
    byte[] data = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      data[i] = (byte) labels[i];
    }
    return gzip(idx(new int[] {labels.length}, data));
  }

  /** Writes a small MNIST directory: 3 training examples (labels 5, 0, 4), 2 test (7, 2). */
  static Path writeTinyMnist(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(Mnist.FILES.get(0)), images(3));
    Files.write(dir.resolve(Mnist.FILES.get(1)), labels(5, 0, 4));
    Files.write(dir.resolve(Mnist.FILES.get(2)), images(2));
    Files.write(dir.resolve(Mnist.FILES.get(3)), labels(7, 2));
    return dir;
  }
}
