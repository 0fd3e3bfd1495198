package io.learnopt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesBytesCreatingParentDirectories() throws IOException {
    Path target = dir.resolve("a/b/c.bin");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertEquals(List.of(target), listing(target.getParent()));
  }

  @Test
  void replacesExistingContent() throws IOException {
    Path target = dir.resolve("note.txt");
    AtomicFiles.writeString(target, "a much longer first version");
    AtomicFiles.writeString(target, "v2 ✓");
    assertEquals("v2 ✓", Files.readString(target));
    assertEquals(List.of(target), listing(dir));
  }

  @Test
  void streamsThroughTheCallbackAndToleratesClose() throws IOException {
    Path target = dir.resolve("streamed.txt");
    AtomicFiles.write(
        target,
        out -> {
          out.write('h');
          out.write(new byte[] {'i', '!'}, 0, 1);
          out.close();
        });
    assertEquals("hi", Files.readString(target));
  }

  @Test
  void failedWriteKeepsTheOldFileAndLeavesNoTemp() throws IOException {
    Path target = dir.resolve("keep.txt");
    Files.writeString(target, "old");
    LearnoptException e =
        assertThrows(
            LearnoptException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write("partial".getBytes());
                      throw new IOException("disk full");
                    }));
    assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), listing(dir));
  }

  @Test
  void runtimeExceptionsFromTheCallbackPassThroughUnchanged() throws IOException {
    Path target = dir.resolve("x.txt");
    IllegalStateException boom = new IllegalStateException("bad input");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      throw boom;
                    }));
    assertSame(boom, thrown);
    assertEquals(List.of(), listing(dir));
  }

  @Test
  void targetThatIsADirectoryFailsNamingIt() throws IOException {
    Path target = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(target.resolve("inside"), "x");
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> AtomicFiles.writeString(target, "data"));
    assertTrue(e.getMessage().startsWith("cannot write " + target), e.getMessage());
    assertEquals(List.of(target), listing(dir));
  }

  private static List<Path> listing(Path directory) throws IOException {
    try (Stream<Path> s = Files.list(directory)) {
      return s.sorted().toList();
    }
  }

  @Test
  void aWriteDeletesTheLeftoversOfKilledWritesOfTheSameTarget() throws IOException {
    Path target = dir.resolve("run.ckpt.safetensors");
    Path leftover = dir.resolve(".run.ckpt.safetensors.3fa9c01.tmp");
    Path otherTarget = dir.resolve(".run.log.csv.3fa9c01.tmp");
    Path notOurs = dir.resolve(".run.ckpt.safetensors.notes.tmp");
    for (Path p : List.of(leftover, otherTarget, notOurs)) {
      Files.writeString(p, "partial");
    }
    AtomicFiles.writeString(target, "new");
    assertEquals("new", Files.readString(target));
    assertTrue(!Files.exists(leftover), "the killed write's temporary file is gone");
    assertTrue(Files.exists(otherTarget), "another target's temporary file stays");
    assertTrue(Files.exists(notOurs), "a file that only looks similar stays");
  }
}
