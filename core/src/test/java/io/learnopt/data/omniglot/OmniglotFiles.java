package io.learnopt.data.omniglot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Small Omniglot-shaped PNGs, zips and directories written by the tests. */
final class OmniglotFiles {
  private OmniglotFiles() {}

  /** A 1-bit {@code side × side} PNG, white but for its first {@code ink} pixels (row-major). */
  static byte[] png(int side, int ink) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
    for (int i = 0; i < side * side; i++) {
      image.setRGB(i % side, i / side, i < ink ? 0xff000000 : 0xffffffff);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Adds the 20 drawings of {@code root/alphabet/name/} to {@code entries}; drawing {@code d} has
   * {@code d + 1 + extraInk} ink pixels.
   */
  static void character(
      Map<String, byte[]> entries, String root, String alphabet, String name, int extraInk) {
    for (int d = 0; d < Omniglot.DRAWINGS; d++) {
      String file = String.format("%s/%s/%s/0001_%02d.png", root, alphabet, name, d + 1);
      entries.put(file, png(AreaAverage.SOURCE, d + 1 + extraInk));
    }
  }

  /**
   * A background zip with {@code character01} of each of {@code alphabets} under {@code root}; the
   * drawings of alphabet k have {@code extraInk[k]} extra ink pixels (see {@link #character}).
   */
  static byte[] background(String root, List<String> alphabets, int... extraInk) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int k = 0; k < alphabets.size(); k++) {
      character(entries, root, alphabets.get(k), "character01", extraInk[k]);
    }
    return zip(entries, false);
  }

  /**
   * Adds run {@code name} with {@code ways} classes to {@code entries}: {@code classKK.png} has
   * {@code KK} ink pixels, and test item {@code k} belongs to class {@code ways + 1 − k}.
   */
  static void run(Map<String, byte[]> entries, String name, int ways) {
    StringBuilder labels = new StringBuilder();
    for (int k = 1; k <= ways; k++) {
      entries.put(String.format("%s/training/class%02d.png", name, k), png(105, k));
      entries.put(String.format("%s/test/item%02d.png", name, k), png(105, 100 + k));
      labels.append(
          String.format(
              "%s/test/item%02d.png %s/training/class%02d.png%n", name, k, name, ways + 1 - k));
    }
    entries.put(name + "/class_labels.txt", labels.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A zip of {@code entries}, deflated, or stored (uncompressed) if {@code stored}. */
  static byte[] zip(Map<String, byte[]> entries, boolean stored) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        out.putNextEntry(entry);
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes a small Omniglot directory: small1 has Early_Aramaic/character01 and Latin/character01,
   * small2 the same Latin character and Tagalog/character01, all_runs two 3-way runs.
   */
  static Path writeDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, byte[]> runs = new LinkedHashMap<>();
    run(runs, "run01", 3);
    run(runs, "run02", 3);
    Files.write(
        dir.resolve(Omniglot.FILES.get(0)),
        background("small1", List.of("Early_Aramaic", "Latin"), 0, 20));
    Files.write(
        dir.resolve(Omniglot.FILES.get(1)),
        background("small2", List.of("Latin", "Tagalog"), 20, 40));
    Files.write(dir.resolve(Omniglot.FILES.get(2)), zip(runs, false));
    return dir;
  }
}
