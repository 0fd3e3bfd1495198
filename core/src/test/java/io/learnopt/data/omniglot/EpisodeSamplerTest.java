package io.learnopt.data.omniglot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Episodes drawn from synthetic characters whose every drawing is blank but for one pixel: its
 * value identifies the drawing, its position the rotation.
 */
class EpisodeSamplerTest {
  private static final int CHARACTERS = 10;
  private static final int DRAWINGS = 6;
  private static final int LAST = Omniglot.SIDE - 1;

  /** Where the top-left pixel lands after 0..3 counter-clockwise quarter turns. */
  private static final int[] CORNER = {0, LAST * Omniglot.SIDE, LAST * Omniglot.SIDE + LAST, LAST};

  /** What one image of an episode is: character, drawing and quarter turns. */
  private record Origin(int character, int drawing, int turns) {}

  @Test
  void theSameSeedAndIndexGiveTheSameEpisode() {
    Episode a = sampler(5, 2, 3, true, 42).episode(7);
    Episode b = sampler(5, 2, 3, true, 42).episode(7);
    assertArrayEquals(a.support(), b.support());
    assertArrayEquals(a.query(), b.query());
    assertArrayEquals(a.supportLabels(), b.supportLabels());
    assertArrayEquals(a.queryLabels(), b.queryLabels());
    assertFalse(same(a, sampler(5, 2, 3, true, 42).episode(8)), "another index");
    assertFalse(same(a, sampler(5, 2, 3, true, 43).episode(7)), "another seed");
  }

  @Test
  void classesAreDistinctAndSupportAndQueryDisjoint() {
    EpisodeSampler sampler = sampler(8, 2, 4, true, 1);
    for (long index = 0; index < 200; index++) {
      Episode e = sampler.episode(index);
      List<Origin> support = origins(e.support());
      List<Origin> query = origins(e.query());
      Set<Origin> images = new HashSet<>(support);
      images.addAll(query);
      assertEquals(8 * (2 + 4), images.size(), "no image twice, in or across the sets");

      Set<List<Integer>> classes = new HashSet<>();
      for (int label = 0; label < 8; label++) {
        Set<List<Integer>> ofLabel = new HashSet<>();
        for (int s = 0; s < 2; s++) {
          ofLabel.add(classOf(support.get(label * 2 + s)));
        }
        for (int q = 0; q < 4; q++) {
          ofLabel.add(classOf(query.get(label * 4 + q)));
        }
        assertEquals(1, ofLabel.size(), "one character and rotation per label");
        classes.addAll(ofLabel);
      }
      assertEquals(8, classes.size(), "no class twice in an episode");
    }
  }

  @Test
  void labelsRunFromZeroGroupedByClass() {
    Episode e = sampler(5, 3, 2, false, 9).episode(0);
    assertEquals(5, e.ways());
    assertEquals(3, e.shots());
    assertEquals(2, e.queries());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}, e.supportLabels());
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4}, e.queryLabels());
  }

  @Test
  void drawsEveryClassAndRotationAlikeAndShufflesWhichGetsWhichLabel() {
    EpisodeSampler sampler = sampler(5, 1, 1, true, 3);
    int[] perClass = new int[CHARACTERS * 4];
    int[] atLabelZero = new int[CHARACTERS * 4];
    int episodes = 4000;
    for (long index = 0; index < episodes; index++) {
      List<Origin> support = origins(sampler.episode(index).support());
      for (int label = 0; label < 5; label++) {
        Origin o = support.get(label);
        perClass[o.turns() * CHARACTERS + o.character()]++;
        if (label == 0) {
          atLabelZero[o.turns() * CHARACTERS + o.character()]++;
        }
      }
    }
    // Each of 40 classes is drawn with probability 5/40: 500 expected, standard deviation ≈ 21.
    for (int count : perClass) {
      assertTrue(Math.abs(count - 500) < 100, "count " + count);
    }
    // Label 0 goes to each class with probability 1/40: 100 expected, standard deviation ≈ 10.
    for (int count : atLabelZero) {
      assertTrue(Math.abs(count - 100) < 50, "count " + count);
    }
  }

  @Test
  void withoutRotationsEveryImageIsUpright() {
    EpisodeSampler sampler = sampler(10, 1, 5, false, 5);
    assertEquals(CHARACTERS, sampler.classes());
    for (Origin o : origins(sampler.episode(0).query())) {
      assertEquals(0, o.turns());
    }
  }

  @Test
  void tooManyWaysNamesTheMaximum() {
    UsageException e = assertThrows(UsageException.class, () -> sampler(11, 1, 1, false, 0));
    assertTrue(e.getMessage().contains("only 10 (10 characters)"), e.getMessage());
    assertTrue(e.getMessage().contains("use at most 10 ways, or turn on rotations"));

    e = assertThrows(UsageException.class, () -> sampler(41, 1, 1, true, 0));
    assertTrue(e.getMessage().contains("only 40 (10 characters × 4 rotations)"), e.getMessage());
    assertTrue(e.getMessage().endsWith("use at most 40 ways"), e.getMessage());
  }

  @Test
  void tooManyShotsAndQueriesNamesTheMaximum() {
    UsageException e = assertThrows(UsageException.class, () -> sampler(5, 2, 5, false, 0));
    assertEquals(
        "2 shots + 5 queries need 7 drawings of each class, but the characters have 6; shots +"
            + " queries can be at most 6",
        e.getMessage());
  }

  @Test
  void rejectsCountsBelowOne() {
    UsageException e = assertThrows(UsageException.class, () -> sampler(5, 0, 5, false, 0));
    assertEquals("ways, shots and queries must be at least 1, got 5, 0 and 5", e.getMessage());
  }

  private static EpisodeSampler sampler(
      int ways, int shots, int queries, boolean rotations, long seed) {
    List<OmniglotCharacter> characters = new ArrayList<>();
    for (int c = 0; c < CHARACTERS; c++) {
      float[][] drawings = new float[DRAWINGS][Omniglot.PIXELS];
      for (int d = 0; d < DRAWINGS; d++) {
        drawings[d][0] = 1 + c * DRAWINGS + d;
      }
      characters.add(new OmniglotCharacter("Synthetic", "character" + c, drawings));
    }
    return new EpisodeSampler(characters, ways, shots, queries, rotations, seed);
  }

  /** Decodes each image of a set back to the drawing and rotation it came from. */
  private static List<Origin> origins(float[] images) {
    List<Origin> origins = new ArrayList<>();
    for (int i = 0; i < images.length / Omniglot.PIXELS; i++) {
      int base = i * Omniglot.PIXELS;
      int turns = -1;
      for (int t = 0; t < 4; t++) {
        if (images[base + CORNER[t]] != 0) {
          turns = t;
        }
      }
      int id = (int) images[base + CORNER[turns]] - 1;
      origins.add(new Origin(id / DRAWINGS, id % DRAWINGS, turns));
    }
    return origins;
  }

  private static List<Integer> classOf(Origin o) {
    return List.of(o.character(), o.turns());
  }

  private static boolean same(Episode a, Episode b) {
    return Arrays.equals(a.support(), b.support()) && Arrays.equals(a.query(), b.query());
  }
}
