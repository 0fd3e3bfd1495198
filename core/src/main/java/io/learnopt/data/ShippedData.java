package io.learnopt.data;

import io.learnopt.LearnoptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the datasets shipped in the repository's {@code data/} are found: under the system property
 * {@value #HOME_PROPERTY} if it is set (the {@code ./learnopt} launcher sets it to the repository
 * root), otherwise under the current directory or its nearest parent that has the dataset's folder
 * (as git finds {@code .git}), so that a build or a test run from a module directory finds it too.
 */
public final class ShippedData {
  /** The system property holding the repository root; the {@code ./learnopt} launcher sets it. */
  public static final String HOME_PROPERTY = "learnopt.home";

  private ShippedData() {}

  /**
   * The directory {@code relative} (e.g. {@code data/mnist}) of the repository, found as the class
   * Javadoc says; {@code dataset} names the data in messages and {@code alternative} ends them
   * (another way to get the data).
   *
   * @throws LearnoptException if there is no such directory, saying where it looked
   */
  public static Path directory(Path relative, String dataset, String alternative) {
    return directory(
        relative, dataset, alternative, System.getProperty(HOME_PROPERTY), Path.of(""));
  }

  static Path directory(
      Path relative, String dataset, String alternative, String home, Path workingDirectory) {
    if (home != null && !home.isBlank()) {
      Path dir = Path.of(home).resolve(relative);
      if (Files.isDirectory(dir)) {
        return dir;
      }
      throw new LearnoptException(
          dir
              + ": no such directory, but -D"
              + HOME_PROPERTY
              + "="
              + home
              + " names it as the learnopt repository; restore it with `git checkout -- "
              + relative
              + "` there"
              + alternative);
    }
    Path start = workingDirectory.toAbsolutePath().normalize();
    for (Path p = start; p != null; p = p.getParent()) {
      Path dir = p.resolve(relative);
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    throw new LearnoptException(
        "no "
            + dataset
            + " data: -D"
            + HOME_PROPERTY
            + " is not set and neither "
            + start
            + " nor any parent of it has "
            + relative
            + "/"
            + alternative);
  }

  /** The git command that restores {@code relative} in {@code repoRoot}, for error messages. */
  public static String restoreHint(Path repoRoot, Path relative) {
    return "restore it with `git -C " + repoRoot + " checkout -- " + relative + "`";
  }

  /**
   * {@code directory} resolved to its real path (so that caches keyed by it see one copy).
   *
   * @throws LearnoptException naming the directory and ending in {@code fix} if it is missing or
   *     not a directory
   */
  public static Path realDirectory(Path directory, String fix) {
    try {
      Path real = directory.toRealPath();
      if (!Files.isDirectory(real)) {
        throw new LearnoptException(directory + ": not a directory; " + fix);
      }
      return real;
    } catch (NoSuchFileException e) {
      throw new LearnoptException(directory + ": no such directory; " + fix);
    } catch (IOException e) {
      throw new LearnoptException(directory + ": cannot read the directory: " + e, e);
    }
  }
}
