package io.learnopt.data.omniglot;

import static io.learnopt.FileErrorAssertions.assertFailsWith;
import static io.learnopt.data.omniglot.OmniglotFiles.background;
import static io.learnopt.data.omniglot.OmniglotFiles.writeDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.data.ChecksumFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    byte[] small2 = background("small2", List.of("Latin", "Tagalog"), 21, 40);
    Path zip = Files.write(dir.resolve(Omniglot.FILES.get(1)), small2);
    assertFailsWith(
        zip.toRealPath(),
        "Latin/character01 differs from Latin/character01 in "
            + dir.toRealPath().resolve(Omniglot.FILES.get(0)),
        () -> Omniglot.load(dir));
  }

  @Test
  void needsTheValidationAlphabets() throws Exception {
    Path dir = writeDirectory(tmp.resolve("novalidation"));
    Files.write(dir.resolve(Omniglot.FILES.get(0)), background("small1", List.of("Latin"), 20));
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
    ChecksumFiles.write(dir, Omniglot.FILES);
    assertEquals(2, Omniglot.shipped(root).officialRuns().size());

    ChecksumFiles.assertDamageReported(
        root, Path.of("data/omniglot"), "all_runs.zip", new byte[] {1, 2, 3}, Omniglot::shipped);
  }
}
