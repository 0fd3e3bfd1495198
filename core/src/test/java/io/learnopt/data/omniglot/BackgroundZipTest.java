package io.learnopt.data.omniglot;

import static io.learnopt.FileErrorAssertions.assertFailsWith;
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
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Background zips written in a temporary folder: valid, missing, damaged, misshapen. */
class BackgroundZipTest {
  private static final String FIX = "the fix";

  /** The folder of the drawings of {@link #alpha()}. */
  private static final String ALPHA = "root/Alpha/character01/";

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

  static Stream<Arguments> notZips() {
    byte[] whole = zip(alpha(), false);
    return Stream.of(
        Arguments.of("text", "not a zip".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("a zip cut short", Arrays.copyOf(whole, whole.length - 100)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notZips")
  void rejectsBytesThatAreNotAWholeZip(String name, byte[] bytes) throws Exception {
    Path zip = write("notzip.zip", bytes);
    assertFailsWith(zip, "not a zip file, or truncated", () -> BackgroundZip.read(zip, FIX));
  }

  @Test
  void rejectsAnEntryWhoseBytesChanged() throws Exception {
    byte[] bytes = zip(alpha(), true);
    bytes[indexOfPng(bytes) + 60] ^= 1; // a bit inside the first stored PNG
    Path zip = write("flipped.zip", bytes);
    assertFailsWith(
        zip,
        "entry root/Alpha/character01/0001_01.png is damaged (CRC-32",
        () -> BackgroundZip.read(zip, FIX));
  }

  /** Changes to the entries of {@link #alpha()}, each with the problem the reader must report. */
  static Stream<Arguments> damages() {
    return Stream.of(
        damage(
            "an entry that is not a PNG",
            e -> e.put(ALPHA + "0001_05.png", new byte[] {1, 2, 3}),
            "entry root/Alpha/character01/0001_05.png is not a PNG or any image format the JDK"
                + " reads; the fix"),
        damage(
            "a truncated PNG",
            e -> e.put(ALPHA + "0001_07.png", Arrays.copyOf(e.get(ALPHA + "0001_07.png"), 40)),
            "entry root/Alpha/character01/0001_07.png is not a readable PNG"),
        damage(
            "a drawing of another size",
            e -> e.put(ALPHA + "0001_02.png", png(28, 5)),
            "entry root/Alpha/character01/0001_02.png is 28 × 28 pixels, but Omniglot drawings"
                + " are 105 × 105"),
        damage(
            "a character without twenty drawings",
            e -> e.remove(ALPHA + "0001_20.png"),
            "Alpha/character01 has 19 drawings, but every Omniglot character has 20; the zip is"
                + " incomplete — the fix"),
        damage(
            "an entry outside the layout",
            e -> e.put("root/Alpha/notes.txt", new byte[] {1}),
            "unexpected entry root/Alpha/notes.txt; an Omniglot background zip holds only"
                + " <root>/<alphabet>/<character>/<drawing>.png"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void rejectsADamagedCharacter(String name, Consumer<Map<String, byte[]>> damage, String problem)
      throws Exception {
    Map<String, byte[]> entries = alpha();
    damage.accept(entries);
    Path zip = write("damaged.zip", zip(entries, false));
    assertFailsWith(zip, problem, () -> BackgroundZip.read(zip, FIX));
  }

  private static Arguments damage(
      String name, Consumer<Map<String, byte[]>> change, String problem) {
    return Arguments.of(name, change, problem);
  }

  /** The entries of one valid character, root/Alpha/character01 (see {@link #ALPHA}). */
  private static Map<String, byte[]> alpha() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    character(entries, "root", "Alpha", "character01", 0);
    return entries;
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
