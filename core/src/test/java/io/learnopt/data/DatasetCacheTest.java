package io.learnopt.data;

import static io.learnopt.FileErrorAssertions.assertFailsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-directory cache behind Mnist and Omniglot, with a reader that records its calls. */
class DatasetCacheTest {
  @TempDir Path tmp;

  private final List<String> reads = new ArrayList<>();

  private final DatasetCache<Object> cache =
      new DatasetCache<>(
          Path.of("data", "toy"),
          (dir, sums, fix) -> {
            reads.add(dir.getFileName() + (sums == null ? "" : " verified") + "; " + fix);
            return new Object();
          });

  @Test
  void readsEachRealDirectoryOnce() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("toy"));
    Object first = cache.load(dir, "not a dir", "the fix");
    assertSame(first, cache.load(dir.resolve("..").resolve("toy"), "not a dir", "the fix"));
    assertEquals(List.of("toy; the fix"), reads);
  }

  @Test
  void shippedVerifiesAndLoadReusesTheVerifiedCopy() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("repo/data/toy"));
    Files.writeString(dir.resolve(DatasetCache.CHECKSUMS), "");
    Object shipped = cache.shipped(tmp.resolve("repo"));
    assertSame(shipped, cache.load(dir, "not a dir", "the fix"));
    assertSame(shipped, cache.shipped(tmp.resolve("repo")));
    assertEquals(
        List.of(
            "toy verified; restore it with `git -C "
                + tmp.resolve("repo")
                + " checkout -- data/toy`"),
        reads);
  }

  @Test
  void shippedNeedsTheChecksumsBeforeReading() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("repo/data/toy")).toRealPath();
    assertFailsWith(
        dir.resolve(DatasetCache.CHECKSUMS),
        "no such file, so the data cannot be verified; restore it with `git -C",
        () -> cache.shipped(tmp.resolve("repo")));
    assertEquals(List.of(), reads);
  }

  @Test
  void aMissingDirectoryIsNamedWithTheFix() {
    Path dir = tmp.resolve("nowhere");
    assertFailsWith(
        dir, "no such directory; not a dir", () -> cache.load(dir, "not a dir", "the fix"));
    assertEquals(List.of(), reads);
  }
}
