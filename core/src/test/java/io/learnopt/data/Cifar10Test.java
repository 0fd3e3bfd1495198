package io.learnopt.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-10 binary reader on small files in the distribution's format. */
public class Cifar10Test {
  @TempDir Path tmp;

  /**
   * {@code count} records whose label is {@code (first + r) % 10} and pixel p of record r is (r +
   * p) % 256.
   */
  private static byte[] records(int count, int first) {
    byte[] bytes = new byte[count * Cifar10.RECORD_BYTES];
    for (int r = 0; r < count; r++) {
      bytes[r * Cifar10.RECORD_BYTES] = (byte) ((first + r) % 10);
      for (int p = 0; p < Cifar10.PIXELS; p++) {
        bytes[r * Cifar10.RECORD_BYTES + 1 + p] = (byte) (r + p);
      }
    }
    return bytes;
  }

  /** Five training batches of two records each and a test batch of three. */
  public static Path writeTinyCifar(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int b = 0; b < Cifar10.TRAIN_FILES.size(); b++) {
      Files.write(dir.resolve(Cifar10.TRAIN_FILES.get(b)), records(2, 2 * b));
    }
    Files.write(dir.resolve(Cifar10.TEST_FILE), records(3, 7));
    return dir;
  }

  private static String failure(Path dir) {
    return assertThrows(LearnoptException.class, () -> Cifar10.load(dir)).getMessage();
  }

  @Test
  void loadsEveryBatchInOrderAsChannelMajorFloats() throws IOException {
    Cifar10 cifar = Cifar10.load(writeTinyCifar(tmp.resolve("tiny")));
    assertEquals(10, cifar.train().size());
    assertEquals(3, cifar.test().size());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, cifar.train().labels());
    assertArrayEquals(new int[] {7, 8, 9}, cifar.test().labels());
    assertEquals(3 * 32 * 32, cifar.train().pixels());
    float[] x = cifar.test().images();
    // Record 1 of the test batch: byte p is (1 + p) % 256; red plane first, then green, blue.
    int record = Cifar10.PIXELS;
    assertEquals(1 / 255f, x[record]);
    assertEquals(((1 + 1024) % 256) / 255f, x[record + 1024], "first green pixel");
    assertEquals(((1 + 2048 + 33) % 256) / 255f, x[record + 2048 + 33], "blue, row 1, column 1");
    assertEquals(3, cifar.channels());
    assertEquals(32, cifar.side());
  }

  @Test
  void imageDatasetPicksTheFormatFromTheFiles() throws IOException {
    Path dir = writeTinyCifar(tmp.resolve("either"));
    assertInstanceOf(Cifar10.class, ImageDataset.load(dir));
    Path mnist = IdxFiles.writeTinyMnist(tmp.resolve("mnist"));
    assertInstanceOf(Mnist.class, ImageDataset.load(mnist));
  }

  @Test
  void aDirectoryOfNeitherFormatNamesBoth() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("neither"));
    for (Path dir : List.of(empty, tmp.resolve("nowhere"))) {
      String message =
          assertThrows(LearnoptException.class, () -> ImageDataset.load(dir)).getMessage();
      assertTrue(message.contains("train-images-idx3-ubyte.gz"), message);
      assertTrue(message.contains("data_batch_1.bin"), message);
    }
  }

  @Test
  void aMissingFileIsNamedWithAllSix() throws IOException {
    Path dir = writeTinyCifar(tmp.resolve("incomplete"));
    Files.delete(dir.resolve("data_batch_3.bin"));
    String message = failure(dir);
    assertTrue(message.contains("missing data_batch_3.bin"), message);
    assertTrue(message.contains("test_batch.bin"), message);
    assertTrue(message.contains("binary version"), message);
  }

  @Test
  void thePythonVersionIsRecognised() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("python"));
    List<String> names = new ArrayList<>(List.of("batches.meta", "test_batch"));
    for (int b = 1; b <= 5; b++) {
      names.add("data_batch_" + b);
    }
    for (String name : names) {
      Files.write(dir.resolve(name), new byte[] {(byte) 0x80, 2});
    }
    String message = failure(dir);
    assertTrue(message.contains("the Python version"), message);
  }

  @Test
  void aTruncatedFileIsNamed() throws IOException {
    Path dir = writeTinyCifar(tmp.resolve("truncated"));
    Path file = dir.resolve("data_batch_4.bin");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    String message = failure(dir);
    assertTrue(message.startsWith(file.toRealPath().toString()), message);
    assertTrue(message.contains("not a whole number of 3073-byte CIFAR-10 records"), message);
    assertTrue(message.contains("truncated"), message);
  }

  @Test
  void anEmptyFileIsRefused() throws IOException {
    Path dir = writeTinyCifar(tmp.resolve("empty"));
    Files.write(dir.resolve(Cifar10.TEST_FILE), new byte[0]);
    assertTrue(failure(dir).contains("0 bytes is not a whole number"));
  }

  @Test
  void aLabelOutsideTheTenClassesIsRefused() throws IOException {
    Path dir = writeTinyCifar(tmp.resolve("label"));
    Path file = dir.resolve("data_batch_2.bin");
    byte[] bytes = Files.readAllBytes(file);
    bytes[Cifar10.RECORD_BYTES] = 42; // record 1's label
    Files.write(file, bytes);
    String message = failure(dir);
    assertTrue(message.contains("record 1 has label 42"), message);
  }

  @Test
  void aChecksumFileInTheDirectoryIsVerified() throws IOException {
    Path dir = writeTinyCifar(tmp.resolve("sums"));
    List<String> all = new ArrayList<>(Cifar10.TRAIN_FILES);
    all.add(Cifar10.TEST_FILE);
    ChecksumFiles.write(dir, all);
    Path file = dir.resolve("data_batch_5.bin");
    byte[] bytes = Files.readAllBytes(file);
    bytes[17] ^= 1; // a pixel: the format alone cannot tell
    Files.write(file, bytes);
    assertTrue(failure(dir).contains("SHA-256"));
  }
}
