package io.learnopt.data.omniglot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Omniglot files shipped in {@code data/omniglot/}: counts, pixels, a known drawing, runs. */
class ShippedOmniglotTest {
  private static Omniglot omniglot;

  @BeforeAll
  static void load() {
    long start = System.nanoTime();
    omniglot = Omniglot.shipped();
    System.out.printf("Omniglot loaded in %.2f s%n", (System.nanoTime() - start) / 1e9);
  }

  @Test
  void hasEightAlphabetsSplitIntoTrainingValidationAndTest() {
    // small1 + small2 minus the Greek and Latin they share: see data/omniglot/README.md.
    Map<String, Integer> train = perAlphabet(omniglot.train());
    Map<String, Integer> validation = perAlphabet(omniglot.validation());
    assertEquals(
        Map.of(
            "Balinese", 24,
            "Greek", 24,
            "Japanese_(katakana)", 47,
            "Latin", 26,
            "Sanskrit", 42),
        train);
    assertEquals(Map.of("Early_Aramaic", 22, "Tagalog", 17), validation);
    assertEquals(Map.of("Korean", 40), perAlphabet(omniglot.test()));
    assertEquals(163, omniglot.train().size());
    assertEquals(39, omniglot.validation().size());
    assertSame(omniglot, Omniglot.shipped(), "a second load in the same JVM is the cached copy");
  }

  @Test
  void everyCharacterHasTwentyDrawingsOfInkInZeroToOne() {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (List<OmniglotCharacter> set :
        List.of(omniglot.train(), omniglot.validation(), omniglot.test())) {
      for (OmniglotCharacter c : set) {
        assertEquals(Omniglot.DRAWINGS, c.drawings().length, c.toString());
        for (float[] drawing : c.drawings()) {
          for (float v : drawing) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
      }
    }
    assertEquals(0f, min, "background is 0");
    assertEquals(1f, max, "a pixel wholly inside a stroke is 1");
  }

  @Test
  void aKnownDrawingKeepsItsInkExactly() {
    // Balinese/character01/0108_01.png has 881 ink pixels of 105 × 105 (counted by a separate
    // Python PNG decoder: zlib + scanline filters, no imaging library). Area averaging keeps the
    // mean, so the 28 × 28 mean is 881 / 11025. Each output pixel is the float nearest k/225
    // (relative error ≤ 2⁻²⁴) and the sum is in double, so 1e-7 is far above the rounding.
    OmniglotCharacter c = find(omniglot.train(), "Balinese", "character01");
    float[] drawing = c.drawings()[0];
    double sum = 0;
    for (float v : drawing) {
      sum += v;
    }
    assertEquals(881.0 / 11025.0, sum / Omniglot.PIXELS, 1e-7);
    // Row 14 holds 1752/225 of ink (same decoder, 4× supersampled and summed in 15 × 15 blocks).
    double row = 0;
    for (int x = 0; x < Omniglot.SIDE; x++) {
      row += drawing[14 * Omniglot.SIDE + x];
    }
    assertEquals(1752.0 / 225.0, row, 1e-5);
  }

  @Test
  void hasTheTwentyOfficialRunsWithTheirLabels() {
    List<Episode> runs = omniglot.officialRuns();
    assertEquals(20, runs.size());
    for (Episode run : runs) {
      assertEquals(20, run.ways());
      assertEquals(1, run.shots());
      assertEquals(1, run.queries());
      assertEquals(20 * Omniglot.PIXELS, run.support().length);
      assertEquals(20 * Omniglot.PIXELS, run.query().length);
      int[] sorted = run.queryLabels().clone();
      Arrays.sort(sorted);
      assertArrayEquals(ZERO_TO_NINETEEN, sorted, "each class is queried once");
      assertArrayEquals(ZERO_TO_NINETEEN, run.supportLabels());
    }
    // run01/class_labels.txt: item01 → class08, item02 → class09, item03 → class02, item04 →
    // class19,
    // item05 → class10 (labels count from 0).
    assertArrayEquals(new int[] {7, 8, 1, 18, 9}, Arrays.copyOf(runs.getFirst().queryLabels(), 5));
  }

  @Test
  void aQueryIsAnotherDrawingThanItsSupportImage() {
    Episode run = omniglot.officialRuns().getFirst();
    int label = run.queryLabels()[0];
    float[] query = Arrays.copyOfRange(run.query(), 0, Omniglot.PIXELS);
    float[] support =
        Arrays.copyOfRange(run.support(), label * Omniglot.PIXELS, (label + 1) * Omniglot.PIXELS);
    assertFalse(Arrays.equals(query, support));
  }

  @Test
  void samplesTwentyWayEpisodesFromTheRotatedTrainingCharacters() {
    EpisodeSampler sampler =
        new EpisodeSampler(omniglot.train(), 20, 5, EpisodeSampler.DEFAULT_QUERIES, true, 1);
    assertEquals(163 * 4, sampler.classes());
    Episode episode = sampler.episode(0);
    assertEquals(20 * 5 * Omniglot.PIXELS, episode.support().length);
    assertEquals(20 * 15 * Omniglot.PIXELS, episode.query().length);
  }

  private static final int[] ZERO_TO_NINETEEN = new int[20];

  static {
    Arrays.setAll(ZERO_TO_NINETEEN, i -> i);
  }

  private static Map<String, Integer> perAlphabet(List<OmniglotCharacter> characters) {
    Map<String, Integer> counts = new TreeMap<>();
    characters.forEach(c -> counts.merge(c.alphabet(), 1, Integer::sum));
    return counts;
  }

  private static OmniglotCharacter find(
      List<OmniglotCharacter> characters, String alphabet, String name) {
    return characters.stream()
        .filter(c -> c.alphabet().equals(alphabet) && c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
