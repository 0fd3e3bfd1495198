package io.learnopt.data.omniglot;

import static io.learnopt.data.omniglot.OmniglotFiles.assertFailsWith;
import static io.learnopt.data.omniglot.OmniglotFiles.character;
import static io.learnopt.data.omniglot.OmniglotFiles.png;
import static io.learnopt.data.omniglot.OmniglotFiles.zip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background zips written in a temporary folder: valid, missing, damaged, misshapen. */
class BackgroundZipTest {
  private static final String FIX = "the fix";

  @TempDir Path tmp;

  @Test
  void readsCharactersSortedWithTheirDrawings() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    character(entries, "root", "Zeta", "character02", 0);
    character(entries, "root", "Alpha", "character01", 10);
    Path zip = write("ok.zip", zip(entries, false));
    List<OmniglotCharacter> characters = BackgroundZip.read(zip, FIX);
    assertEquals("[Alpha/character01, Zeta/character02]", characters.toString());
    // Drawing 0 of Alpha inks source pixels 0..10 of the top row: in quarter pixels, rows [0, 4)
    // and columns [0, 44), which output pixels 0, 1, 2 (columns [0, 15), [15, 30), [30, 45)) cover
    // by 4 × 15, 4 × 15 and 4 × 14 of their 225 square quarters.
    float[] first = characters.getFirst().drawings()[0];
    assertEquals(60 / 225f, first[0]);
    assertEquals(60 / 225f, first[1]);
    assertEquals(56 / 225f, first[2]);
    assertEquals(0f, first[3]);
    assertEquals(11.0 / (105 * 105), mean(first), 1e-7);
  }

  @Test
  void namesAMissingZip() {
    Path zip = tmp.resolve("nowhere.zip");
    assertFailsWith(zip, "no such file; the fix", () -> BackgroundZip.read(zip, FIX));
  }

  @Test
  void rejectsAFileThatIsNotAZip() throws Exception {
    Path zip = write("text.zip", "not a zip".getBytes(StandardCharsets.UTF_8));
    assertFailsWith(zip, "not a zip file, or truncated", () -> BackgroundZip.read(zip, FIX));
  }

  @Test
  void rejectsATruncatedZip() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    character(entries, "root", "Alpha", "character01", 0);
    byte[] whole = zip(entries, false);
    Path zip = write("cut.zip", Arrays.copyOf(whole, whole.length - 100));
    assertFailsWith(zip, "not a zip file, or truncated", () -> BackgroundZip.read(zip, FIX));
  }

  @Test
  void rejectsAnEntryWhoseBytesChanged() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    character(entries, "root", "Alpha", "character01", 0);
    byte[] bytes = zip(entries, true);
    bytes[indexOfPng(bytes) + 60] ^= 1; // a bit inside the first stored PNG
    Path zip = write("flipped.zip", bytes);
    assertFailsWith(
        zip,
        "entry root/Alpha/character01/0001_01.png is damaged (CRC-32",
        () -> BackgroundZip.read(zip, FIX));
  }

  @Test
  void rejectsAnEntryThatIsNotAPng() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    character(entries, "root", "Alpha", "character01", 0);
    entries.put("root/Alpha/character01/0001_05.png", new byte[] {1, 2, 3});
    Path zip = write("garbage.zip", zip(entries, false));
    assertFailsWith(
        zip,
        "entry root/Alpha/character01/0001_05.png is not a PNG or any image format the JDK reads;"
            + " the fix",
        () -> BackgroundZip.read(zip, FIX));
  }

  @Test
  void rejectsATruncatedPng() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    character(entries, "root", "Alpha", "character01", 0);
    byte[] png = entries.get("root/Alpha/character01/0001_07.png");
    entries.put("root/Alpha/character01/0001_07.png", Arrays.copyOf(png, 40));
    Path zip = write("cutpng.zip", zip(entries, false));
    assertFailsWith(
        zip,
        "entry root/Alpha/character01/0001_07.png is not a readable PNG",
        () -> BackgroundZip.read(zip, FIX));
  }

  @Test
  void rejectsADrawingOfAnotherSize() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    character(entries, "root", "Alpha", "character01", 0);
    entries.put("root/Alpha/character01/0001_02.png", png(28, 5));
    Path zip = write("small.zip", zip(entries, false));
    assertFailsWith(
        zip,
        "entry root/Alpha/character01/0001_02.png is 28 × 28 pixels, but Omniglot drawings are"
            + " 105 × 105",
        () -> BackgroundZip.read(zip, FIX));
  }

  @Test
  void rejectsACharacterWithoutTwentyDrawings() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    character(entries, "root", "Alpha", "character01", 0);
    entries.remove("root/Alpha/character01/0001_20.png");
    Path zip = write("short.zip", zip(entries, false));
    assertFailsWith(
        zip,
        "Alpha/character01 has 19 drawings, but every Omniglot character has 20; the zip is"
            + " incomplete — the fix",
        () -> BackgroundZip.read(zip, FIX));
  }

  @Test
  void rejectsAnEntryOutsideTheLayout() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    character(entries, "root", "Alpha", "character01", 0);
    entries.put("root/Alpha/notes.txt", new byte[] {1});
    Path zip = write("extra.zip", zip(entries, false));
    assertFailsWith(
        zip,
        "unexpected entry root/Alpha/notes.txt; an Omniglot background zip holds only"
            + " <root>/<alphabet>/<character>/<drawing>.png",
        () -> BackgroundZip.read(zip, FIX));
  }

  private Path write(String name, byte[] bytes) throws Exception {
    return Files.write(tmp.resolve(name), bytes);
  }

  /** The offset of the first PNG signature in {@code bytes}. */
  private static int indexOfPng(byte[] bytes) {
    for (int i = 0; i + 4 < bytes.length; i++) {
      if (bytes[i] == (byte) 0x89 && bytes[i + 1] == 'P' && bytes[i + 2] == 'N') {
        return i;
      }
    }
    throw new AssertionError("no PNG in the zip");
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
