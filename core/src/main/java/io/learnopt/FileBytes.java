package io.learnopt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a whole input file, with the one error message every reader gives. */
public final class FileBytes {
  private FileBytes() {}

  /**
   * All bytes of {@code file}.
   *
   * @throws LearnoptException starting with the file's name: missing, or unreadable and why
   */
  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new LearnoptException(file + ": no such file; check the path");
    } catch (IOException e) {
      throw new LearnoptException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
