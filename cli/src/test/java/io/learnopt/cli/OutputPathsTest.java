package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write check leaves nothing behind, not even after a run killed in the middle of it. */
class OutputPathsTest {
  @TempDir Path dir;

  @Test
  void theCheckDeletesItsProbeAndAKilledRunsLeftovers() throws IOException {
    Path leftover = Files.writeString(dir.resolve(".learnopt-write-check123.tmp"), "");
    Path mine = Files.writeString(dir.resolve("notes.tmp"), "mine");
    OutputPaths.directory("--out", dir);
    assertFalse(Files.exists(leftover));
    assertTrue(Files.exists(mine));
    try (var left = Files.list(dir)) {
      assertTrue(left.allMatch(mine::equals), "only the user's file remains");
    }
  }
}
