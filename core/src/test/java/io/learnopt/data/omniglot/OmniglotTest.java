package io.learnopt.data.omniglot;

import static io.learnopt.data.omniglot.OmniglotFiles.assertFailsWith;
import static io.learnopt.data.omniglot.OmniglotFiles.character;
import static io.learnopt.data.omniglot.OmniglotFiles.writeDirectory;
import static io.learnopt.data.omniglot.OmniglotFiles.zip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.learnopt.data.Sha256Sums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Omniglot directories written in a temporary folder: valid, incomplete, inconsistent, damaged. */
class OmniglotTest {
  @TempDir Path tmp;

  @Test
  void loadsADirectoryKeepingSharedCharactersOnce() throws Exception {
    Omniglot omniglot = Omniglot.load(writeDirectory(tmp.resolve("tiny")));
    assertEquals("[Latin/character01]", omniglot.train().toString());
    assertEquals(
        "[Early_Aramaic/character01, Tagalog/character01]", omniglot.validation().toString());
    assertEquals(2, omniglot.officialRuns().size());
    assertEquals(3, omniglot.officialRuns().getFirst().ways());
  }

  @Test
  void cachesOneCopyPerDirectory() throws Exception {
    Path dir = writeDirectory(tmp.resolve("cached"));
    assertSame(Omniglot.load(dir), Omniglot.load(dir.resolve("..").resolve("cached")));
  }

  @Test
  void namesAMissingZipAndTheFilesNeeded() throws Exception {
    Path dir = writeDirectory(tmp.resolve("incomplete"));
    Files.delete(dir.resolve("all_runs.zip"));
    assertFailsWith(
        dir.toRealPath().resolve("all_runs.zip"),
        "no such file; an Omniglot directory needs images_background_small1.zip,"
            + " images_background_small2.zip, all_runs.zip from github.com/brendenlake/omniglot",
        () -> Omniglot.load(dir));
  }

  @Test
  void rejectsSharedCharactersThatDiffer() throws Exception {
    Path dir = writeDirectory(tmp.resolve("differ"));
    Map<String, byte[]> small2 = new LinkedHashMap<>();
    character(small2, "small2", "Latin", "character01", 21);
    character(small2, "small2", "Tagalog", "character01", 40);
    Path zip = Files.write(dir.resolve(Omniglot.FILES.get(1)), zip(small2, false));
    assertFailsWith(
        zip.toRealPath(),
        "Latin/character01 differs from Latin/character01 in "
            + dir.toRealPath().resolve(Omniglot.FILES.get(0)),
        () -> Omniglot.load(dir));
  }

  @Test
  void needsTheValidationAlphabets() throws Exception {
    Path dir = writeDirectory(tmp.resolve("novalidation"));
    Map<String, byte[]> small1 = new LinkedHashMap<>();
    character(small1, "small1", "Latin", "character01", 20);
    Files.write(dir.resolve(Omniglot.FILES.get(0)), zip(small1, false));
    assertFailsWith(
        dir.toRealPath(),
        "no alphabet Early_Aramaic in images_background_small1.zip or"
            + " images_background_small2.zip, but the validation split is Early_Aramaic and"
            + " Tagalog",
        () -> Omniglot.load(dir));
  }

  @Test
  void shippedVerifiesChecksumsBeforeReading() throws Exception {
    Path root = tmp.resolve("repo");
    Path dir = writeDirectory(root.resolve("data/omniglot"));
    StringBuilder sums = new StringBuilder();
    for (String name : Omniglot.FILES) {
      sums.append(Sha256Sums.sha256(Files.readAllBytes(dir.resolve(name))))
          .append("  ")
          .append(name)
          .append('\n');
    }
    Files.writeString(dir.resolve("SHA256SUMS"), sums);
    assertEquals(2, Omniglot.shipped(root).officialRuns().size());

    Path otherRoot = tmp.resolve("repo2");
    Files.move(root, otherRoot); // a fresh directory, so the cached copy is not used
    Path damaged = otherRoot.resolve("data/omniglot/all_runs.zip").toRealPath();
    String expected = Sha256Sums.sha256(Files.readAllBytes(damaged));
    Files.write(damaged, new byte[] {1, 2, 3});
    assertFailsWith(
        damaged,
        "SHA-256 is "
            + Sha256Sums.sha256(new byte[] {1, 2, 3})
            + " but SHA256SUMS expects "
            + expected
            + "; the file was modified or damaged — restore it with `git -C "
            + otherRoot
            + " checkout -- data/omniglot`",
        () -> Omniglot.shipped(otherRoot));
  }
}
