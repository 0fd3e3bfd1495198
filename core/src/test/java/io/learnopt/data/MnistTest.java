package io.learnopt.data;

import static io.learnopt.FileErrorAssertions.assertFailsWith;
import static io.learnopt.data.IdxFiles.images;
import static io.learnopt.data.IdxFiles.labels;
import static io.learnopt.data.IdxFiles.writeTinyMnist;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MNIST directories written in a temporary folder: valid, incomplete, inconsistent, damaged. */
class MnistTest {
  @TempDir Path tmp;

  @Test
  void loadsATinyDirectoryAsFloatsInZeroToOne() throws Exception {
    Mnist mnist = Mnist.load(writeTinyMnist(tmp.resolve("tiny")));

    Split train = mnist.train();
    assertEquals(3, train.size());
    assertEquals(Mnist.PIXELS, train.pixels());
    assertArrayEquals(new int[] {5, 0, 4}, train.labels());
    assertEquals(3 * 784, train.images().length);
    // pixel p of image i is (i + p) mod 256, scaled by 1/255
    assertEquals(0f, train.images()[0]);
    assertEquals(255 / 255f, train.images()[255]);
    assertEquals(2 / 255f, train.images()[784 + 1]);
    assertArrayEquals(new int[] {7, 2}, mnist.test().labels());
  }

  @Test
  void acceptsUncompressedFiles() throws Exception {
    Path dir = writeTinyMnist(tmp.resolve("raw"));
    Path gz = dir.resolve(Mnist.FILES.get(1));
    Path raw = dir.resolve("train-labels-idx1-ubyte");
    Files.write(raw, IdxFiles.idx(new int[] {3}, new byte[] {1, 2, 3}));
    Files.delete(gz);
    assertArrayEquals(new int[] {1, 2, 3}, Mnist.load(dir).train().labels());
  }

  @Test
  void namesTheMissingFileAndAllFourRequired() throws Exception {
    Path dir = writeTinyMnist(tmp.resolve("incomplete"));
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    LearnoptException e = assertThrows(LearnoptException.class, () -> Mnist.load(dir));
    assertTrue(
        e.getMessage().startsWith(dir.toRealPath() + ": missing t10k-labels-idx1-ubyte.gz;"));
    assertTrue(e.getMessage().contains(String.join(", ", Mnist.FILES)), e.getMessage());
  }

  @Test
  void rejectsAMissingDirectory() {
    Path dir = tmp.resolve("nowhere");
    LearnoptException e = assertThrows(LearnoptException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().startsWith(dir + ": no such directory"), e.getMessage());
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of(
            "fewer labels than images",
            "train-labels-idx1-ubyte.gz",
            labels(5, 0),
            "has 2 labels but %s/train-images-idx3-ubyte.gz has 3 images"),
        Arguments.of(
            "a label outside the digits",
            "t10k-labels-idx1-ubyte.gz",
            labels(7, 10),
            "label 1 is 10, outside the digits 0..9"),
        Arguments.of(
            "images of another size",
            "t10k-images-idx3-ubyte.gz",
            IdxFiles.gzip(IdxFiles.idx(new int[] {2, 32, 32}, new byte[2048])),
            "images are 32 × 32 pixels, but MNIST images are 28 × 28"),
        Arguments.of(
            "labels where images belong",
            "train-images-idx3-ubyte.gz",
            labels(5, 0, 4),
            "expected 0x00000803 (unsigned bytes, 3 dimensions)"));
  }

  /** Each case replaces one file of a tiny directory; %s in the problem is the directory. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void rejectsABadFileNamingIt(String name, String file, byte[] bytes, String problem)
      throws Exception {
    Path dir = writeTinyMnist(tmp.resolve("bad"));
    Path real = dir.toRealPath();
    Files.write(dir.resolve(file), bytes);
    assertFailsWith(real.resolve(file), problem.formatted(real), () -> Mnist.load(dir));
  }

  @Test
  void shippedVerifiesChecksumsBeforeParsing() throws Exception {
    Path root = tmp.resolve("repo");
    Path dir = writeTinyMnist(root.resolve("data/mnist"));
    ChecksumFiles.write(dir, Mnist.FILES);
    assertArrayEquals(new int[] {5, 0, 4}, Mnist.shipped(root).train().labels());

    ChecksumFiles.assertDamageReported(
        root, Path.of("data/mnist"), "t10k-images-idx3-ubyte.gz", images(1), Mnist::shipped);
  }

  @Test
  void aDataDirectoryWithChecksumsIsVerified() throws Exception {
    Path dir = writeTinyMnist(tmp.resolve("withsums"));
    ChecksumFiles.write(dir, Mnist.FILES);
    Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
    byte[] bytes = Files.readAllBytes(labels);
    bytes[4] ^= 1; // the gzip header's mtime: the data stays readable, only the digest changes
    Files.write(labels, bytes);
    LearnoptException e = assertThrows(LearnoptException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    assertTrue(e.getMessage().contains("delete " + dir.toRealPath().resolve("SHA256SUMS")));
  }

  @Test
  void shippedNeedsTheChecksumFile() throws Exception {
    Path root = tmp.resolve("nosums");
    Path dir = writeTinyMnist(root.resolve("data/mnist"));
    assertFailsWith(
        dir.toRealPath().resolve("SHA256SUMS"),
        "no such file, so the data cannot be verified; restore it with `git -C",
        () -> Mnist.shipped(root));
  }

  @Test
  void defaultDirectoryPrefersTheHomeProperty() throws Exception {
    Path root = tmp.resolve("home");
    Files.createDirectories(root.resolve("data/mnist"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    assertEquals(root.resolve("data/mnist"), Mnist.defaultDirectory(root.toString(), elsewhere));

    Path missing = tmp.resolve("not-a-repo");
    LearnoptException e =
        assertThrows(
            LearnoptException.class, () -> Mnist.defaultDirectory(missing.toString(), root));
    assertTrue(
        e.getMessage().startsWith(missing.resolve("data/mnist") + ": no such directory"),
        e.getMessage());
  }

  @Test
  void defaultDirectorySearchesUpFromTheWorkingDirectory() throws Exception {
    Path root = tmp.resolve("repo");
    Files.createDirectories(root.resolve("data/mnist"));
    Path module = Files.createDirectories(root.resolve("core/src"));
    assertEquals(root.resolve("data/mnist"), Mnist.defaultDirectory(null, module));

    Path lonely = Files.createDirectories(tmp.resolve("lonely"));
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> Mnist.defaultDirectory(null, lonely));
    assertTrue(e.getMessage().startsWith("no MNIST data: -Dlearnopt.home is not set"));
    assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());
  }
}
