package io.learnopt.data;

import io.learnopt.FileBytes;
import io.learnopt.LearnoptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code SHA256SUMS} file as {@code sha256sum} writes it — one {@code <64 hex digits>
 * <space><space or *><file name>} line per file — and checks of file contents against it. The
 * shipped datasets are verified before they are parsed, so a damaged file is reported as damaged
 * rather than as a puzzling format error or, worse, silently wrong data.
 */
public final class Sha256Sums {
  private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

  private final Path file;
  private final Map<String, String> digests;
  private final String restoreHint;

  private Sha256Sums(Path file, Map<String, String> digests, String restoreHint) {
    this.file = file;
    this.digests = digests;
    this.restoreHint = restoreHint;
  }

  /**
   * Reads {@code file}; {@code restoreHint} (e.g. a git command) completes every error message.
   *
   * @throws LearnoptException naming the file if it is missing or a line is malformed
   */
  public static Sha256Sums read(Path file, String restoreHint) {
    if (!Files.isRegularFile(file)) {
      throw new LearnoptException(
          file + ": no such file, so the data cannot be verified; " + restoreHint);
    }
    String text = new String(FileBytes.read(file), StandardCharsets.UTF_8);
    Map<String, String> digests = new HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new LearnoptException(
            file
                + ": line "
                + (i + 1)
                + " is not '<64 hex digits>  <file name>' as sha256sum writes it; "
                + restoreHint);
      }
      digests.put(m.group(2), m.group(1).toLowerCase(Locale.ROOT));
    }
    return new Sha256Sums(file, digests, restoreHint);
  }

  /**
   * Checks that {@code contents}, the bytes of {@code dataFile}, have the digest listed for its
   * file name.
   *
   * @throws LearnoptException naming the file, the expected and the actual digest if they differ,
   *     or if the file is not listed
   */
  public void verify(Path dataFile, byte[] contents) {
    String name = dataFile.getFileName().toString();
    String expected = digests.get(name);
    if (expected == null) {
      throw new LearnoptException(file + ": lists no SHA-256 for " + name + "; " + restoreHint);
    }
    String actual = sha256(contents);
    if (!actual.equals(expected)) {
      throw new LearnoptException(
          dataFile
              + ": SHA-256 is "
              + actual
              + " but "
              + file.getFileName()
              + " expects "
              + expected
              + "; the file was modified or damaged — "
              + restoreHint);
    }
  }

  /** The lowercase hex SHA-256 of {@code contents}. */
  public static String sha256(byte[] contents) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(contents));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK provides SHA-256", e);
    }
  }
}
