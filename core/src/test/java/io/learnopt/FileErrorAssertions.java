package io.learnopt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** The check that a file format reports a bad file the way every reader here does. */
public final class FileErrorAssertions {
  private FileErrorAssertions() {}

  /**
   * Asserts that {@code read} throws a {@link LearnoptException} whose message starts with {@code
   * file} and a colon and contains {@code problem}.
   */
  public static void assertFailsWith(Path file, String problem, Executable read) {
    assertFailsWith(file, problem, read, "");
  }

  /**
   * Writes {@code bytes} to {@code file} and asserts that {@code read} of it fails as {@link
   * #assertFailsWith(Path, String, Executable)} says.
   */
  public static void assertRejects(
      Path file, byte[] bytes, String problem, ThrowingConsumer<Path> read) throws IOException {
    Files.write(file, bytes);
    assertFailsWith(file, problem, () -> read.accept(file));
  }

  /** {@link #assertFailsWith(Path, String, Executable)}, {@code context} prefixing failures. */
  public static void assertFailsWith(Path file, String problem, Executable read, String context) {
    LearnoptException e = assertThrows(LearnoptException.class, read, context);
    assertTrue(e.getMessage().startsWith(file + ": "), context + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(problem), context + ": " + e.getMessage());
  }
}
