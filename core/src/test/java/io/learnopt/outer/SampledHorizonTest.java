package io.learnopt.outer;

import static io.learnopt.outer.MetaTrainerTest.LAYOUT;
import static io.learnopt.outer.MetaTrainerTest.PROBLEM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.problem.StepWeighting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Horizons drawn per round ({@code --min-horizon}): their distribution, the rounds the outer
 * trainer runs with them, the step weights over the drawn horizon, and resuming.
 */
class SampledHorizonTest {
  @TempDir Path dir;

  @Test
  void horizonsAreLogUniformMultiplesOfTheUnrollAndRepeatable() {
    TruncatedBptt.Truncation t = new TruncatedBptt.Truncation(4, 20, 2000, 20);
    int rounds = 4000;
    int belowGeometricMean = 0;
    Set<Integer> seen = new HashSet<>();
    for (int r = 0; r < rounds; r++) {
      int h = t.horizon(r);
      assertEquals(h, t.horizon(r), "round " + r + " must always draw the same horizon");
      assertTrue(h >= 20 && h <= 2000 && h % 20 == 0, "horizon " + h);
      assertEquals(h / 20, t.steps(r));
      seen.add(h);
      if (h <= 200) { // √(20·2000)
        belowGeometricMean++;
      }
    }
    // Log-uniform: half the draws below the geometric mean (± 4 standard errors), not ~9% as a
    // uniform draw would give; both ends are reached.
    assertEquals(0.5, belowGeometricMean / (double) rounds, 4 * Math.sqrt(0.25 / rounds));
    assertTrue(seen.contains(20) && seen.contains(2000), "ends never drawn: " + seen.size());
    assertEquals(100, t.maxSteps());
    TruncatedBptt.Truncation fixed = new TruncatedBptt.Truncation(4, 20, 100);
    assertEquals(100, fixed.horizon(17));
    assertEquals(5, fixed.steps(3));
  }

  @Test
  void badMinimumHorizonsAreUsageErrors() {
    for (int min : new int[] {0, 30, 120}) {
      UsageException e =
          assertThrows(UsageException.class, () -> new TruncatedBptt.Truncation(4, 20, 100, min));
      assertTrue(e.getMessage().contains("--min-horizon (" + min + ")"), e.getMessage());
    }
    for (int min : new int[] {0, 7, 45}) {
      UsageException e = assertThrows(UsageException.class, () -> sampled(2, min));
      assertTrue(e.getMessage().contains("--min-horizon (" + min + ")"), e.getMessage());
    }
  }

  @Test
  void linearWeightsRunOverTheRoundsHorizon() {
    Objective objective = new Objective.StepWeighted(StepWeighting.LINEAR);
    float[] w = new float[6];
    objective.weights(20, 40, w);
    for (int t = 1; t <= 5; t++) {
      assertEquals((20 + t) / 40f, w[t], 1e-6f);
    }
  }

  /** Horizon 40, unroll 5, drawn from [5, 40]. */
  private static MetaTrainingConfig sampled(int epochs, int minHorizon) {
    return new MetaTrainingConfig(
        epochs, 5, 40, 8, 1e-3, 0, 2, 5, 3, 1, StepWeighting.LINEAR, minHorizon);
  }

  @Test
  void eachRoundRunsTheTruncationsOfItsOwnHorizon() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, sampled(6, 5));
    List<Integer> steps = new ArrayList<>();
    trainer.train(
        trainer.initialState(),
        new TrainingListener() {
          @Override
          public void onStep(int round, int step, double meanLoss, double gradientNorm) {
            if (step == 0) {
              steps.add(0);
            }
            steps.set(round, step + 1);
          }
        });
    TruncatedBptt.Truncation truncation = sampled(6, 5).truncation();
    List<Integer> expected = new ArrayList<>();
    for (int r = 0; r < 6; r++) {
      expected.add(truncation.steps(r));
    }
    assertEquals(expected, steps);
    assertNotEquals(1, new HashSet<>(steps).size(), "every round drew the same horizon");
    assertEquals(
        expected.stream().mapToLong(Integer::longValue).sum(),
        trainer.training.estimator().stepsBetween(0, 6));
  }

  @Test
  void resumingWithSampledHorizonsEqualsTheUninterruptedRun() {
    Path file = dir.resolve("ckpt.safetensors");
    OuterState[] runs =
        Reproducibility.pair(
            () -> MetaTrainerTest.train(new L2lTrainer(PROBLEM, LAYOUT, sampled(4, 5))),
            () -> {
              L2lTrainer first = new L2lTrainer(PROBLEM, LAYOUT, sampled(2, 5));
              L2lTrainer.save(file, first, MetaTrainerTest.train(first));
              L2lTrainer second = new L2lTrainer(PROBLEM, LAYOUT, sampled(4, 5));
              return second.train(L2lTrainer.load(file, second), new TrainingListener() {});
            });
    Reproducibility.assertSameState(runs[0], runs[1]);
    L2lTrainer fixed = new L2lTrainer(PROBLEM, LAYOUT, sampled(4, 40));
    UsageException e = assertThrows(UsageException.class, () -> L2lTrainer.load(file, fixed));
    assertTrue(e.getMessage().contains("min_horizon=5"), e.getMessage());
  }

  /** A checkpoint written before min_horizon was recorded ran with its fixed horizon. */
  @Test
  void aCheckpointWithoutMinHorizonResumesAsAFixedHorizon() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, sampled(1, 40));
    Path file = dir.resolve("old.safetensors");
    L2lTrainer.save(file, trainer, MetaTrainerTest.train(trainer));
    SafetensorsFile contents = Safetensors.read(file);
    Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
    assertEquals("40", metadata.remove("min_horizon"));
    Map<String, FloatTensor> tensors = new LinkedHashMap<>(contents.tensors());
    Safetensors.writeWithChecksum(file, tensors, metadata);
    L2lTrainer again = new L2lTrainer(PROBLEM, LAYOUT, sampled(2, 40));
    assertEquals(1, L2lTrainer.load(file, again).nextRound());
    L2lTrainer drawn = new L2lTrainer(PROBLEM, LAYOUT, sampled(2, 5));
    assertThrows(UsageException.class, () -> L2lTrainer.load(file, drawn));
  }
}
