package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AccuracySummaryTest {
  @Test
  void meanAndIntervalAreTheTextbookOnes() {
    // mean 0.5, sample variance ((0.1)² · 2 + 0 + 0) / 3 = 0.02/3, s = 0.08165, 1.96·s/2 = 0.08.
    AccuracySummary s = AccuracySummary.of("m", new double[] {0.4, 0.5, 0.5, 0.6});
    assertEquals(0.5, s.mean(), 1e-12);
    assertEquals(1.96 * Math.sqrt(0.02 / 3) / 2, s.ci95(), 1e-12);
    assertEquals(4, s.episodes());
  }

  @Test
  void oneEpisodeHasNoSpreadAndNoneIsAnError() {
    assertEquals(0, AccuracySummary.of("m", new double[] {0.7}).ci95());
    assertThrows(IllegalArgumentException.class, () -> AccuracySummary.of("m", new double[0]));
  }
}
