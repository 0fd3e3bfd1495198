package io.learnopt.data;

import static io.learnopt.data.IdxFiles.images;
import static io.learnopt.data.IdxFiles.labels;
import static io.learnopt.data.IdxFiles.writeChecksums;
import static io.learnopt.data.IdxFiles.writeTinyMnist;
import static io.learnopt.data.IdxReaderTest.assertFailsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void cachesOneCopyPerDirectory() throws Exception {
    Path dir = writeTinyMnist(tmp.resolve("cached"));
    assertSame(Mnist.load(dir), Mnist.load(dir.resolve("..").resolve("cached")));
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

  @Test
  void rejectsLabelCountNotMatchingImageCount() throws Exception {
    Path dir = writeTinyMnist(tmp.resolve("mismatch"));
    Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
    Files.write(labels, labels(5, 0));
    assertFailsWith(
        labels.toRealPath(),
        "has 2 labels but " + dir.toRealPath().resolve(Mnist.FILES.get(0)) + " has 3 images",
        () -> Mnist.load(dir));
  }

  @Test
  void rejectsALabelOutsideTheDigits() throws Exception {
    Path dir = writeTinyMnist(tmp.resolve("badlabel"));
    Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
    Files.write(labels, labels(7, 10));
    assertFailsWith(
        labels.toRealPath(), "label 1 is 10, outside the digits 0..9", () -> Mnist.load(dir));
  }

  @Test
  void rejectsImagesOfAnotherSize() throws Exception {
    Path dir = writeTinyMnist(tmp.resolve("size"));
    Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
    Files.write(images, IdxFiles.gzip(IdxFiles.idx(new int[] {2, 32, 32}, new byte[2048])));
    assertFailsWith(
        images.toRealPath(),
        "images are 32 × 32 pixels, but MNIST images are 28 × 28",
        () -> Mnist.load(dir));
  }

  @Test
  void rejectsLabelsWhereImagesBelong() throws Exception {
    Path dir = writeTinyMnist(tmp.resolve("swapped"));
    Path images = dir.resolve("train-images-idx3-ubyte.gz");
    Files.write(images, labels(5, 0, 4));
    assertFailsWith(
        images.toRealPath(),
        "expected 0x00000803 (unsigned bytes, 3 dimensions)",
        () -> {
          Mnist.load(dir);
        });
  }

  @Test
  void shippedVerifiesChecksumsBeforeParsing() throws Exception {
    Path root = tmp.resolve("repo");
    Path dir = writeTinyMnist(root.resolve("data/mnist"));
    writeChecksums(dir);
    assertArrayEquals(new int[] {5, 0, 4}, Mnist.shipped(root).train().labels());

    Path damaged = dir.resolve("t10k-images-idx3-ubyte.gz");
    String expected = Sha256Sums.sha256(Files.readAllBytes(damaged));
    byte[] other = images(1);
    Files.write(damaged, other);
    Path otherRoot = tmp.resolve("repo2");
    Files.move(root, otherRoot); // a fresh directory, so the cached copy is not used
    Path moved = otherRoot.resolve("data/mnist/t10k-images-idx3-ubyte.gz").toRealPath();

    assertFailsWith(
        moved,
        "SHA-256 is "
            + Sha256Sums.sha256(other)
            + " but SHA256SUMS expects "
            + expected
            + "; the file was modified or damaged — restore it with `git -C "
            + otherRoot
            + " checkout -- data/mnist`",
        () -> Mnist.shipped(otherRoot));
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
