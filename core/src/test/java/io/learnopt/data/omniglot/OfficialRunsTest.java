package io.learnopt.data.omniglot;

import static io.learnopt.FileErrorAssertions.assertFailsWith;
import static io.learnopt.data.omniglot.OmniglotFiles.run;
import static io.learnopt.data.omniglot.OmniglotFiles.zip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Run zips written in a temporary folder: valid, and runs with missing or inconsistent files. */
class OfficialRunsTest {
  private static final String FIX = "the fix";

  @TempDir Path tmp;

  @Test
  void readsEachRunAsAOneShotEpisode() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    run(entries, "run02", 4);
    run(entries, "run01", 3);
    List<Episode> runs = OfficialRuns.read(write(entries), FIX);
    assertEquals(2, runs.size());
    Episode first = runs.getFirst();
    assertEquals(3, first.ways());
    assertArrayEquals(new int[] {0, 1, 2}, first.supportLabels());
    assertArrayEquals(new int[] {2, 1, 0}, first.queryLabels(), "item k is class ways + 1 − k");
    // class01.png has one ink pixel, at the top left: 16 of output pixel 0's 225 quarters².
    assertEquals(16 / 225f, first.support()[0]);
    assertArrayEquals(new int[] {3, 2, 1, 0}, runs.get(1).queryLabels());
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "run01/class_labels.txt|run run01 lacks run01/class_labels.txt; every run needs"
            + " class_labels.txt, training/ and test/ — the fix",
        "run01/training/class02.png|run01/class_labels.txt line 2 names"
            + " run01/training/class02.png, which is not among the training images of run01 in"
            + " the zip; the fix"
      })
  void namesAMissingFile(String entry, String problem) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    run(entries, "run01", 3);
    entries.remove(entry);
    Path zip = write(entries);
    assertFailsWith(zip, problem, () -> OfficialRuns.read(zip, FIX));
  }

  static Stream<Arguments> badLabels() {
    String item1Class1 = "run01/test/item01.png run01/training/class01.png\n";
    return Stream.of(
        Arguments.of(
            "a test image without a label",
            "run01/test/item01.png run01/training/class03.png\n",
            "run01/class_labels.txt has no line for run01/test/item02.png, so its class is"
                + " unknown"),
        Arguments.of(
            "a test image listed twice",
            item1Class1 + "run01/test/item01.png run01/training/class02.png\n",
            "run01/class_labels.txt line 2 lists run01/test/item01.png a second time"),
        Arguments.of(
            "a malformed line",
            "run01/test/item01.png\n",
            "run01/class_labels.txt line 1 is not '<test image> <training image>'"),
        Arguments.of(
            "classes with unequal test images",
            item1Class1
                + "run01/test/item02.png run01/training/class01.png\n"
                + "run01/test/item03.png run01/training/class02.png\n",
            "run01/class_labels.txt gives 1 test images to run01/training/class02.png but 2 to"
                + " run01/training/class01.png"));
  }

  /** Each case is a 3-way run01 whose class_labels.txt is {@code labels}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badLabels")
  void rejectsBadClassLabels(String name, String labels, String problem) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    run(entries, "run01", 3);
    entries.put("run01/class_labels.txt", labels.getBytes(StandardCharsets.UTF_8));
    Path zip = write(entries);
    assertFailsWith(zip, problem, () -> OfficialRuns.read(zip, FIX));
  }

  private Path write(Map<String, byte[]> entries) throws Exception {
    return Files.write(tmp.resolve("all_runs.zip"), zip(entries, false));
  }
}
