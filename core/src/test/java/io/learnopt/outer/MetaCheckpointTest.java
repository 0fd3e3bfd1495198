package io.learnopt.outer;

import static io.learnopt.outer.MetaTrainerTest.LAYOUT;
import static io.learnopt.outer.MetaTrainerTest.PROBLEM;
import static io.learnopt.outer.MetaTrainerTest.config;
import static io.learnopt.outer.MetaTrainerTest.train;
import static io.learnopt.outer.Reproducibility.assertSameState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import io.learnopt.UsageException;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmOptimizerFile;
import io.learnopt.learned.LstmParameters;
import io.learnopt.learned.Preprocessing;
import io.learnopt.problem.QuadraticProblem;
import io.learnopt.problem.StepWeighting;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Saving and resuming meta-training: a resumed run must be the uninterrupted run, bit for bit. */
class MetaCheckpointTest {
  @TempDir Path dir;

  /** Train 2 epochs as a finished 2-epoch run, checkpoint, and continue to 4 in a new trainer. */
  @ParameterizedTest
  @ValueSource(doubles = {0, 1})
  void resumingAFinishedShorterRunEqualsTheUninterruptedRun(double clip) {
    Path file = dir.resolve("ckpt.safetensors");
    OuterState[] runs =
        Reproducibility.pair(
            () -> train(new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1))),
            () -> {
              L2lTrainer first = new L2lTrainer(PROBLEM, LAYOUT, config(2, clip, 3, 1));
              OuterState half = train(first);
              assertEquals(2, half.nextRound());
              L2lTrainer.save(file, first, half);
              L2lTrainer second = new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1));
              OuterState loaded = L2lTrainer.load(file, second);
              assertSameState(half, loaded);
              return second.train(loaded, new TrainingListener() {});
            });
    assertSameState(runs[0], runs[1]);
  }

  /** What --resume after a crash does: a checkpoint written by the listener of a 4-epoch run. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void resumingFromACheckpointSavedAfterAnyEpochEqualsTheUninterruptedRun(int savedAfter) {
    Path file = dir.resolve("epoch" + savedAfter + ".safetensors");
    OuterState[] runs =
        Reproducibility.pair(
            () -> {
              L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(4, 1, 3, 1));
              return trainer.train(
                  trainer.initialState(),
                  new TrainingListener() {
                    @Override
                    public void onRound(RoundReport report, OuterState state) {
                      if (state.nextRound() == savedAfter) {
                        L2lTrainer.save(file, trainer, state);
                      }
                    }
                  });
            },
            () -> {
              L2lTrainer restarted = new L2lTrainer(PROBLEM, LAYOUT, config(4, 1, 3, 1));
              OuterState loaded = L2lTrainer.load(file, restarted);
              assertEquals(savedAfter, loaded.nextRound());
              return restarted.train(loaded, new TrainingListener() {});
            });
    assertSameState(runs[0], runs[1]);
  }

  /**
   * Extending a finished run with more epochs (which {@link MetaCheckpoint#load} allows) when the
   * first run's length is not a multiple of evalEvery: its last epoch was validated only because it
   * was the last, and that score stays in the best-so-far record, so the extended run can keep a
   * best φ the uninterrupted run never validated. With lr 0.03 the epoch-2 φ scores 1.907 and wins
   * over the scheduled validations at epochs 3 (1.925) and 4.
   */
  @Test
  void extendingARunThatEndedOffTheValidationScheduleKeepsTheUninterruptedBest() {
    Path file = dir.resolve("ckpt.safetensors");
    OuterState[] runs =
        Reproducibility.pair(
            () -> train(new L2lTrainer(PROBLEM, LAYOUT, offSchedule(4))),
            () -> {
              L2lTrainer first = new L2lTrainer(PROBLEM, LAYOUT, offSchedule(2));
              L2lTrainer.save(file, first, train(first));
              L2lTrainer second = new L2lTrainer(PROBLEM, LAYOUT, offSchedule(4));
              return second.train(L2lTrainer.load(file, second), new TrainingListener() {});
            });
    assertSameState(runs[0], runs[1]);
  }

  /** Validation every 3 epochs, meta-learning rate 0.03. */
  private static MetaTrainingConfig offSchedule(int epochs) {
    return new MetaTrainingConfig(epochs, 5, 10, 8, 0.03, 0, 3, 5, 3, 1, StepWeighting.UNIFORM);
  }

  @Test
  void checkpointBeforeAnyValidationKeepsNoBest() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(4, 0, 3, 1));
    Path file = dir.resolve("early.safetensors");
    trainer.train(
        trainer.initialState(),
        new TrainingListener() {
          @Override
          public void onRound(RoundReport report, OuterState state) {
            if (state.nextRound() == 1) {
              L2lTrainer.save(file, trainer, state);
            }
          }
        });
    OuterState loaded = L2lTrainer.load(file, trainer);
    assertEquals(OuterState.NEVER, loaded.bestRound());
    assertTrue(Double.isNaN(loaded.bestScore()));
  }

  @Test
  void checkpointRecordsSettingsAndProgress() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(2, 1, 3, 1));
    OuterState state = train(trainer);
    Path file = dir.resolve("ckpt.safetensors");
    L2lTrainer.save(file, trainer, state);
    SafetensorsFile contents = Safetensors.read(file);
    Map<String, String> m = contents.metadata();
    assertEquals(OuterCheckpoint.FORMAT, m.get("format"));
    assertEquals("quadratic:dim=3", m.get("problem"));
    assertEquals("5", m.get("unroll"));
    assertEquals("10", m.get("horizon"));
    assertEquals("3", m.get("seed"));
    assertEquals("2", m.get("next_round"));
    assertEquals("4", m.get("meta_optimizer.1.t"));
    assertEquals("8", m.get("hidden"));
    assertArrayEquals(state.meta(), contents.tensor("meta", LAYOUT.size()), "meta tensor");
    assertArrayEquals(state.best(), contents.tensor("best", LAYOUT.size()), "best tensor");
  }

  static Stream<Arguments> mismatchedRuns() {
    return Stream.of(
        Arguments.of(
            "seed",
            new L2lTrainer(PROBLEM, LAYOUT, config(4, 0, 4, 1)),
            new String[] {"seed=3", "seed=4"}),
        Arguments.of(
            "unroll",
            new L2lTrainer(
                PROBLEM,
                LAYOUT,
                new MetaTrainingConfig(4, 2, 10, 8, 1e-3, 0, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            new String[] {"unroll=5", "unroll=2"}),
        Arguments.of(
            "horizon",
            new L2lTrainer(
                PROBLEM,
                LAYOUT,
                new MetaTrainingConfig(4, 5, 20, 8, 1e-3, 0, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            new String[] {"horizon=10", "horizon=20"}),
        Arguments.of(
            "learning rate",
            new L2lTrainer(
                PROBLEM,
                LAYOUT,
                new MetaTrainingConfig(4, 5, 10, 8, 2e-3, 0, 2, 5, 3, 1, StepWeighting.UNIFORM)),
            new String[] {"lr=0.001", "lr=0.002"}),
        Arguments.of(
            "clip",
            new L2lTrainer(PROBLEM, LAYOUT, config(4, 1, 3, 1)),
            new String[] {"clip=0.0", "clip=1.0"}),
        Arguments.of(
            "problem",
            new L2lTrainer(new QuadraticProblem(4), LAYOUT, config(4, 0, 3, 1)),
            new String[] {"problem=quadratic:dim=3", "problem=quadratic:dim=4"}),
        Arguments.of(
            "architecture",
            new L2lTrainer(
                PROBLEM,
                new LstmParameters(new LstmOptimizerConfig(2, 4, Preprocessing.RAW, 10f, 0.1f)),
                config(4, 0, 3, 1)),
            new String[] {"hidden=8", "hidden=4"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mismatchedRuns")
  void resumingWithDifferentSettingsIsAUsageErrorNamingTheSetting(
      String setting, L2lTrainer other, String[] fragments) {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(1, 0, 3, 1));
    Path file = dir.resolve("ckpt.safetensors");
    L2lTrainer.save(file, trainer, train(trainer));
    UsageException e = assertThrows(UsageException.class, () -> L2lTrainer.load(file, other));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "lacks " + fragment + ": " + e.getMessage());
    }
  }

  @Test
  void moreEpochsAndThreadsMayChangeOnResume() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(1, 0, 3, 1));
    Path file = dir.resolve("ckpt.safetensors");
    L2lTrainer.save(file, trainer, train(trainer));
    L2lTrainer longer = new L2lTrainer(PROBLEM, LAYOUT, config(9, 0, 3, 2));
    assertEquals(1, L2lTrainer.load(file, longer).nextRound());
  }

  /** A valid checkpoint of a 1-epoch run, rewritten with {@code change} applied to its metadata. */
  private Path alteredCheckpoint(L2lTrainer trainer, Consumer<Map<String, String>> change) {
    return alteredCheckpoint(trainer, change, t -> {});
  }

  /**
   * A valid checkpoint of a 1-epoch run, rewritten (with a valid checksum) after {@code change} and
   * {@code changeTensors}, so only the range checks can catch what was changed.
   */
  private Path alteredCheckpoint(
      L2lTrainer trainer,
      Consumer<Map<String, String>> change,
      Consumer<Map<String, FloatTensor>> changeTensors) {
    Path file = dir.resolve("altered.safetensors");
    L2lTrainer.save(file, trainer, train(trainer));
    SafetensorsFile contents = Safetensors.read(file);
    Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
    change.accept(metadata);
    Map<String, FloatTensor> tensors = new LinkedHashMap<>(contents.tensors());
    changeTensors.accept(tensors);
    Safetensors.writeWithChecksum(file, tensors, metadata);
    return file;
  }

  @Test
  void wrongFormatMetadataIsRejected() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(1, 0, 3, 1));
    for (String format : new String[] {LstmOptimizerFile.FORMAT, null}) {
      Path file =
          alteredCheckpoint(
              trainer,
              m -> {
                if (format == null) {
                  m.remove("format");
                } else {
                  m.put("format", format);
                }
              });
      LearnoptException e =
          assertThrows(LearnoptException.class, () -> L2lTrainer.load(file, trainer));
      assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("not a learnopt training checkpoint"), e.getMessage());
    }
  }

  @Test
  void aModelFileIsNotACheckpoint() {
    Path file = dir.resolve("model.safetensors");
    LstmOptimizerFile.save(
        file,
        new LstmOptimizer(LAYOUT, LAYOUT.initialize(new io.learnopt.tensor.Rng(1))),
        Map.of());
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(1, 0, 3, 1));
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> L2lTrainer.load(file, trainer));
    assertTrue(e.getMessage().contains(OuterCheckpoint.FORMAT), e.getMessage());
  }

  @Test
  void damagedProgressMetadataIsALearnoptException() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(1, 0, 3, 1));
    Path file = alteredCheckpoint(trainer, m -> m.put("next_round", "one"));
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> L2lTrainer.load(file, trainer));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("damaged checkpoint"), e.getMessage());
    Path missing = alteredCheckpoint(trainer, m -> m.remove("meta_optimizer.0.t"));
    LearnoptException e2 =
        assertThrows(LearnoptException.class, () -> L2lTrainer.load(missing, trainer));
    assertTrue(e2.getMessage().contains("0.t"), e2.getMessage());
  }

  static Stream<Arguments> outOfRangeFields() {
    return Stream.of(
        Arguments.of("next_round", "-5", "'next_round' is '-5'"),
        Arguments.of("best_round", "7", "'best_round' is '7'"),
        Arguments.of("best_round", "-2", "'best_round' is '-2'"),
        Arguments.of("best_score", "NaN", "'best_score' is 'NaN'"),
        Arguments.of("best_score", "Infinity", "'best_score' is 'Infinity'"),
        Arguments.of("final_score", "-Infinity", "'final_score'"),
        Arguments.of("meta_optimizer.0.t", "-1", "'meta_optimizer.0.t' is '-1'"),
        Arguments.of("format_version", "3", "newer learnopt"),
        Arguments.of("format_version", "x", "format_version 'x'"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("outOfRangeFields")
  void everyMetadataFieldIsRangeChecked(String key, String value, String fragment) {
    // Two epochs validated every two: the checkpoint has a best (round 1) to contradict.
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(2, 0, 3, 1));
    Path file = alteredCheckpoint(trainer, m -> m.put(key, value));
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> L2lTrainer.load(file, trainer));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void aCheckpointPastTheRunsEndIsAUsageError() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(1, 0, 3, 1));
    Path file = alteredCheckpoint(trainer, m -> m.put("next_round", "99999"));
    UsageException e =
        assertThrows(
            UsageException.class,
            () ->
                OuterCheckpoint.read(
                    file, trainer.initialState(), 1, trainer.settings(), java.util.List.of()));
    assertTrue(e.getMessage().contains("round 99999 but this run has 1"), e.getMessage());
  }

  static Stream<Arguments> badTensors() {
    return Stream.of(
        Arguments.of("meta", Float.NaN, "tensor 'meta' holds NaN"),
        Arguments.of("best", 1e30f, "tensor 'best' holds 1.0E30"),
        Arguments.of("meta_optimizer.1.v", -1f, "'1.v' holds -1.0"),
        Arguments.of("meta_optimizer.1.m", Float.POSITIVE_INFINITY, "'1.m' holds Infinity"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badTensors")
  void everyTensorIsCheckedForRangeAndFiniteness(String name, float value, String fragment) {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(1, 1, 3, 1));
    Path file =
        alteredCheckpoint(
            trainer,
            m -> {},
            t -> {
              float[] data = t.get(name).data().clone();
              data[0] = value;
              t.put(name, FloatTensor.of(data, data.length));
            });
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> L2lTrainer.load(file, trainer));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void theFinalValidationReachesTheCheckpoint() {
    // 3 epochs validated every 2: the last validation is off schedule and used to be lost.
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(3, 0, 3, 1));
    OuterState state = train(trainer);
    assertTrue(Double.isFinite(state.finalScore()));
    Path file = dir.resolve("final.safetensors");
    L2lTrainer.save(file, trainer, state);
    OuterState loaded = L2lTrainer.load(file, trainer);
    assertEquals(state.finalScore(), loaded.finalScore());
    assertArrayEquals(state.chosen(trainer.validator()), loaded.chosen(trainer.validator()));
    assertEquals(state.chosenRound(trainer.validator()), loaded.chosenRound(trainer.validator()));
  }
}
