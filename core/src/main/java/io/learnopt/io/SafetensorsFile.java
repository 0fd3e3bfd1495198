package io.learnopt.io;

import io.learnopt.LearnoptException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

/**
 * The validated contents of a safetensors file: its string metadata and its tensors, converted to
 * float32, in header order. The accessors fail with messages naming the file, so callers loading a
 * checkpoint need no checks of their own.
 */
public final class SafetensorsFile {
  private static final int LISTED_NAMES = 12;

  /** The first {@code format_version} of learnopt's files that carries a checksum. */
  public static final int CHECKSUMMED_VERSION = 2;

  private final Path path;
  private final Map<String, String> metadata;
  private final Map<String, FloatTensor> tensors;

  SafetensorsFile(Path path, Map<String, String> metadata, Map<String, FloatTensor> tensors) {
    this.path = path;
    this.metadata = Collections.unmodifiableMap(metadata);
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /** The file this was read from. */
  public Path path() {
    return path;
  }

  /** All {@code __metadata__} entries (empty if the file has none). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** All tensors by name, in the order the header lists them. */
  public Map<String, FloatTensor> tensors() {
    return tensors;
  }

  /**
   * Checks that this is a learnopt file of kind {@code format} (metadata {@code format}) at a
   * {@code format_version} this build reads (1 up to {@code newestVersion}; a missing version is
   * 1); returns that version. From version 2 on, learnopt files carry a checksum ({@link
   * Safetensors#writeWithChecksum}), so a version-2 file without one was damaged: a flipped bit in
   * the checksum's key cannot switch verification off, as a flip in the version cannot either.
   *
   * @param what the kind of file, for the message, e.g. "learnopt LSTM optimizer"
   * @param remedy what to pass instead, e.g. "pass a file written by 'learnopt train'"
   * @throws LearnoptException naming the file and what is wrong
   */
  public int requireFormat(String format, int newestVersion, String what, String remedy) {
    String found = metadata.get("format");
    if (!format.equals(found)) {
      throw new LearnoptException(
          path
              + ": not a "
              + what
              + " (metadata 'format' is "
              + (found == null ? "missing" : "'" + found + "'")
              + ", expected '"
              + format
              + "'); "
              + remedy);
    }
    String version = metadata.getOrDefault("format_version", "1");
    int parsed;
    try {
      parsed = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      parsed = -1;
    }
    if (parsed < 1 || parsed > newestVersion) {
      throw new LearnoptException(
          path
              + ": format_version '"
              + version
              + "' of this "
              + what
              + " is not one this learnopt reads (1"
              + (newestVersion > 1 ? " to " + newestVersion : "")
              + "); "
              + (parsed > newestVersion
                  ? "it was written by a newer learnopt: upgrade learnopt"
                  : "the file is damaged: copy it again"));
    }
    if (parsed >= CHECKSUMMED_VERSION && !metadata.containsKey(Safetensors.CHECKSUM_KEY)) {
      throw new LearnoptException(
          path
              + ": this "
              + what
              + " (format_version "
              + parsed
              + ") lacks its '"
              + Safetensors.CHECKSUM_KEY
              + "' checksum; the file is damaged: copy it again");
    }
    return parsed;
  }

  /**
   * The metadata value for {@code key}.
   *
   * @throws LearnoptException naming the file, the key and the keys present
   */
  public String metadata(String key) {
    return require(
        metadata,
        key,
        "metadata has no key \"%s\" (it has %s); the file was written by another program or"
            + " another learnopt version");
  }

  /**
   * The tensor called {@code name}, of any shape.
   *
   * @throws LearnoptException naming the file, the tensor and the tensors present
   */
  public FloatTensor get(String name) {
    return require(
        tensors,
        name,
        "no tensor named '%s' (the file has %s); the file holds a different model or was written"
            + " by another version");
  }

  /**
   * The data of tensor {@code name}, which must have exactly {@code expectedShape} (no dimensions =
   * a scalar). The returned array is shared with this object.
   *
   * @throws LearnoptException naming the file and tensor if it is missing or its shape differs
   */
  public float[] tensor(String name, int... expectedShape) {
    FloatTensor t = get(name);
    if (!Arrays.equals(t.shape(), expectedShape)) {
      throw new LearnoptException(
          path
              + ": tensor '"
              + name
              + "' has shape "
              + Arrays.toString(t.shape())
              + " but "
              + Arrays.toString(expectedShape)
              + " was expected; the checkpoint was saved for a different configuration"
              + " (check sizes such as the hidden size or problem dimension)");
    }
    return t.data();
  }

  /**
   * The entry {@code key} of {@code entries}, or an exception whose message, after the path, is
   * {@code missing} with the key and the list of present keys filled in.
   */
  private <V> V require(Map<String, V> entries, String key, String missing) {
    V value = entries.get(key);
    if (value == null) {
      String present = list(entries.keySet().toArray(String[]::new));
      throw new LearnoptException(path + ": " + missing.formatted(key, present));
    }
    return value;
  }

  private static String list(String[] names) {
    if (names.length == 0) {
      return "none";
    }
    if (names.length <= LISTED_NAMES) {
      return String.join(", ", names);
    }
    return String.join(", ", Arrays.copyOf(names, LISTED_NAMES))
        + " and "
        + (names.length - LISTED_NAMES)
        + " more";
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + path + ", " + tensors.size() + " tensors]";
  }
}
