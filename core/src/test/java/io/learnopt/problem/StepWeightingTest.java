package io.learnopt.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import org.junit.jupiter.api.Test;

class StepWeightingTest {

  @Test
  void weightsFollowTheirDefinitions() {
    for (int t = 1; t <= 100; t++) {
      assertEquals(1f, StepWeighting.UNIFORM.weight(t, 100));
      assertEquals(t / 100f, StepWeighting.LINEAR.weight(t, 100), 1e-7f);
    }
  }

  @Test
  void parsesCliNamesAndRejectsOthers() {
    assertEquals(StepWeighting.LINEAR, StepWeighting.parse("linear"));
    assertEquals(StepWeighting.UNIFORM, StepWeighting.parse("uniform"));
    UsageException e = assertThrows(UsageException.class, () -> StepWeighting.parse("cubic"));
    assertTrue(e.getMessage().contains("'cubic'") && e.getMessage().contains("linear"));
  }
}
