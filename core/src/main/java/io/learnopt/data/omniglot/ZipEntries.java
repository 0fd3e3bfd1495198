package io.learnopt.data.omniglot;

import io.learnopt.LearnoptException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The files of a zip archive, read whole into memory. {@link ZipFile} reads the central directory
 * at the end of the archive, so a truncated zip fails to open instead of yielding fewer entries (as
 * a streaming {@code ZipInputStream} would). {@code ZipFile} does not check an entry's CRC-32, so
 * this class does: a flipped bit in a stored PNG would otherwise reach the image decoder.
 */
final class ZipEntries {
  private ZipEntries() {}

  /**
   * Entry name → contents for every file (not directory) entry of {@code zip}, in archive order.
   *
   * @throws LearnoptException naming the zip and ending in {@code fix} if it is missing, not a zip,
   *     truncated, or an entry is damaged
   */
  static Map<String, byte[]> read(Path zip, String fix) {
    if (!Files.isRegularFile(zip)) {
      throw new LearnoptException(zip + ": no such file; " + fix);
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    ZipFile file;
    try {
      file = new ZipFile(zip.toFile());
    } catch (IOException e) {
      throw new LearnoptException(
          zip + ": not a zip file, or truncated (" + e.getMessage() + "); " + fix, e);
    }
    try (file) {
      Enumeration<? extends ZipEntry> all = file.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        entries.put(entry.getName(), contents(file, entry, zip, fix));
      }
    } catch (IOException e) {
      throw new LearnoptException(zip + ": cannot close: " + e.getMessage(), e);
    }
    return entries;
  }

  private static byte[] contents(ZipFile file, ZipEntry entry, Path zip, String fix) {
    String damaged = zip + ": entry " + entry.getName() + " is damaged (";
    byte[] contents;
    try (InputStream in = file.getInputStream(entry)) {
      contents = in.readAllBytes();
    } catch (IOException e) {
      throw new LearnoptException(damaged + e.getMessage() + "); " + fix, e);
    }
    CRC32 crc = new CRC32();
    crc.update(contents);
    if (crc.getValue() != entry.getCrc()) {
      throw new LearnoptException(
          damaged
              + String.format("CRC-32 %08x, but the zip says %08x", crc.getValue(), entry.getCrc())
              + "); "
              + fix);
    }
    return contents;
  }
}
