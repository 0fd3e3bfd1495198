package io.learnopt.cli;

import io.learnopt.LearnoptException;
import io.learnopt.UsageException;
import io.learnopt.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a command's output paths before any work starts, so hours of training are never lost to a
 * path that cannot be written at the end, and a file that is not ours is never overwritten.
 */
public final class OutputPaths {
  private static final String PROBE_PREFIX = ".learnopt-write-check";

  private OutputPaths() {}

  /**
   * {@code file} (the value of {@code option}) can be written as a learnopt safetensors file: its
   * directory exists or can be created and is writable, and the file is absent or a learnopt file
   * (metadata {@code format} starting with {@code learnopt.}) that may be replaced.
   */
  static void modelFile(String option, Path file) {
    if (Files.isDirectory(file)) {
      throw new UsageException(
          option + " " + file + " is a directory; give the path of a .safetensors file");
    }
    if (Files.exists(file) && !isLearnoptFile(file)) {
      throw new UsageException(
          option
              + " "
              + file
              + " exists and is not a learnopt file; refusing to overwrite it: choose another"
              + " path or move it away");
    }
    Path parent = file.toAbsolutePath().getParent();
    directory(option, parent);
  }

  /** {@code dir} (the value of {@code option}) is a directory, or can be made one, we can write. */
  public static void directory(String option, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException(
          option + " " + dir + " exists and is not a directory; choose a directory path");
    }
    try {
      Files.createDirectories(dir);
      deleteLeftoverProbes(dir);
      Path probe = Files.createTempFile(dir, PROBE_PREFIX, ".tmp");
      Files.deleteIfExists(probe);
    } catch (IOException | SecurityException e) {
      throw new LearnoptException(
          option
              + " "
              + dir
              + ": cannot write there ("
              + reason(e)
              + "); choose a writable directory",
          e);
    }
  }

  /** Deletes probe files that a run killed in the middle of its check left behind. */
  private static void deleteLeftoverProbes(Path dir) throws IOException {
    try (var probes = Files.newDirectoryStream(dir, PROBE_PREFIX + "*.tmp")) {
      for (Path probe : probes) {
        Files.deleteIfExists(probe);
      }
    }
  }

  /** Why a file operation failed, in words, without the path the message already names. */
  private static String reason(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      return f.getReason() == null ? "file system error" : f.getReason();
    }
    if (e instanceof SecurityException) {
      return "not allowed";
    }
    return e.getMessage() == null ? "I/O error" : e.getMessage();
  }

  private static boolean isLearnoptFile(Path file) {
    try {
      String format = Safetensors.read(file).metadata().get("format");
      return format != null && format.startsWith("learnopt.");
    } catch (LearnoptException e) {
      return false;
    }
  }
}
