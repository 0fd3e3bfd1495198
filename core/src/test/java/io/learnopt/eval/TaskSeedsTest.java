package io.learnopt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskSeedsTest {

  @ParameterizedTest
  @EnumSource(TaskSeeds.class)
  void deterministic(TaskSeeds purpose) {
    assertArrayEquals(purpose.seeds(7, 3, 50), purpose.seeds(7, 3, 50));
    assertEquals(50, purpose.seeds(7, 3, 50).length);
    assertEquals(0, purpose.seeds(7, 3, 0).length);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 42, -1, Long.MAX_VALUE})
  void differentPurposesGiveDisjointSeeds(long runSeed) {
    Set<Long> all = new HashSet<>();
    int count = 200;
    for (TaskSeeds purpose : TaskSeeds.values()) {
      for (long s : purpose.seeds(runSeed, 0, count)) {
        all.add(s);
      }
    }
    assertEquals(TaskSeeds.values().length * count, all.size(), "seeds shared between purposes");
  }

  @ParameterizedTest
  @EnumSource(TaskSeeds.class)
  void differentStreamsAndRunSeedsGiveDifferentSeeds(TaskSeeds purpose) {
    long[] base = purpose.seeds(7, 0, 20);
    assertFalse(Arrays.equals(base, purpose.seeds(7, 1, 20)), "stream index ignored");
    assertFalse(Arrays.equals(base, purpose.seeds(8, 0, 20)), "run seed ignored");
    // Training epochs draw from consecutive streams and must not repeat tasks either.
    Set<Long> epochs = new HashSet<>();
    for (int epoch = 0; epoch < 20; epoch++) {
      for (long s : purpose.seeds(7, epoch, 20)) {
        assertTrue(epochs.add(s), "seed repeated in epoch " + epoch);
      }
    }
  }
}
