package io.learnopt.data;

import static io.learnopt.FileErrorAssertions.assertFailsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** The checksum file of a dataset directory made by a test, and the check that it is enforced. */
public final class ChecksumFiles {
  private ChecksumFiles() {}

  /**
   * Writes {@code dir}/SHA256SUMS for the files {@code names} of {@code dir}, as sha256sum does.
   */
  public static void write(Path dir, List<String> names) throws IOException {
    StringBuilder sums = new StringBuilder();
    for (String name : names) {
      sums.append(Sha256Sums.sha256(Files.readAllBytes(dir.resolve(name))))
          .append("  ")
          .append(name)
          .append('\n');
    }
    Files.writeString(dir.resolve(DatasetCache.CHECKSUMS), sums);
  }

  /**
   * Moves the repository {@code root} to a fresh directory (so no cached copy is used), overwrites
   * {@code file} of its {@code relativeDir} with {@code damage}, and asserts that {@code shipped}
   * of the moved root then fails naming the file, its digest, the digest SHA256SUMS expects and the
   * git command that restores the directory.
   */
  public static void assertDamageReported(
      Path root, Path relativeDir, String file, byte[] damage, ThrowingConsumer<Path> shipped)
      throws IOException {
    Path moved = Files.move(root, root.resolveSibling(root.getFileName() + "-moved"));
    Path damaged = moved.resolve(relativeDir).resolve(file).toRealPath();
    String expected = Sha256Sums.sha256(Files.readAllBytes(damaged));
    Files.write(damaged, damage);
    assertFailsWith(
        damaged,
        "SHA-256 is "
            + Sha256Sums.sha256(damage)
            + " but SHA256SUMS expects "
            + expected
            + "; the file was modified or damaged — restore it with `git -C "
            + moved
            + " checkout -- "
            + relativeDir
            + "`",
        () -> shipped.accept(moved));
  }
}
