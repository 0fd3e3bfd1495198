package io.learnopt.data;

import io.learnopt.LearnoptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The datasets of one kind (MNIST, Omniglot) loaded so far, by real directory, for the life of the
 * JVM: every task and every repeated load shares one copy and only the first load pays. An
 * unverified {@link #load} of a directory returns its verified copy if there is one; {@link
 * #shipped} reads the repository's copy once, after checking every file against its {@value
 * #CHECKSUMS}. The cache assumes the files do not change while the JVM runs.
 *
 * @param <T> the loaded dataset
 */
public final class DatasetCache<T> {
  /** The name of the checksum file in a shipped dataset's directory. */
  public static final String CHECKSUMS = "SHA256SUMS";

  /** Reads a dataset from a directory. */
  @FunctionalInterface
  public interface Reader<T> {
    /**
     * Reads {@code directory}; {@code sums} is null when checksums are not verified, else every
     * file must be verified against it before it is parsed. {@code fix} completes the messages
     * about missing or damaged files: how to get them back.
     */
    T read(Path directory, Sha256Sums sums, String fix);
  }

  private record Key(Path directory, boolean verified) {}

  private final Path shipped;
  private final Reader<T> reader;
  private final Map<Key, T> loaded = new ConcurrentHashMap<>();

  /**
   * A cache for datasets read by {@code reader}, shipped in the repository's {@code shipped} (a
   * relative path such as {@code data/mnist}).
   */
  public DatasetCache(Path shipped, Reader<T> reader) {
    this.shipped = shipped;
    this.reader = reader;
  }

  /**
   * The dataset in {@code directory}: verified against its {@value #CHECKSUMS} when the directory
   * has one (as a copy of the shipped data does), else read without checksums unless a verified
   * copy is cached.
   *
   * @param notADirectory completes the message if {@code directory} is missing or not a directory
   * @param fix passed to the reader
   * @throws LearnoptException from {@link ShippedData#realDirectory} or the reader
   */
  public T load(Path directory, String notADirectory, String fix) {
    Path dir = ShippedData.realDirectory(directory, notADirectory);
    T verified = loaded.get(new Key(dir, true));
    if (verified != null) {
      return verified;
    }
    Path sums = dir.resolve(CHECKSUMS);
    if (Files.isRegularFile(sums)) {
      return verified(dir, "copy the files again, or delete " + sums + " to read them unverified");
    }
    return loaded.computeIfAbsent(new Key(dir, false), k -> reader.read(k.directory(), null, fix));
  }

  /**
   * The copy in {@code repoRoot}'s shipped directory, with {@value #CHECKSUMS} read before anything
   * else; the reader's {@code fix} is the git command that restores the directory.
   *
   * @throws LearnoptException if the directory or its checksums are missing, or from the reader
   */
  public T shipped(Path repoRoot) {
    String restore = ShippedData.restoreHint(repoRoot, shipped);
    Path dir = ShippedData.realDirectory(repoRoot.resolve(shipped), restore);
    return verified(dir, restore);
  }

  /**
   * The dataset in {@code dir} read once, after its {@value #CHECKSUMS} and with every file checked
   * against it; {@code restore} completes every error message.
   */
  private T verified(Path dir, String restore) {
    return loaded.computeIfAbsent(
        new Key(dir, true),
        k -> {
          Sha256Sums sums = Sha256Sums.read(k.directory().resolve(CHECKSUMS), restore);
          return reader.read(k.directory(), sums, restore);
        });
  }
}
