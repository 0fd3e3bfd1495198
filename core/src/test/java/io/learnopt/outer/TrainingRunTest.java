package io.learnopt.outer;

import static io.learnopt.outer.MetaTrainerTest.LAYOUT;
import static io.learnopt.outer.MetaTrainerTest.PROBLEM;
import static io.learnopt.outer.MetaTrainerTest.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.io.TensorBoardEvents;
import io.learnopt.io.TensorBoardWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's files after a stop or a kill: the log and TensorBoard agree with the checkpoint, every
 * round appears once, and the resumed run ends where an uninterrupted one does.
 */
class TrainingRunTest {
  @TempDir Path dir;

  private static final int EPOCHS = 4;

  private TrainingRun run(L2lTrainer trainer, Path model) {
    TrainingRun.Spec spec =
        new TrainingRun.Spec(
            trainer.training.trainer(),
            trainer::initialState,
            trainer.settings(),
            ProblemMetaTraining.MUST_MATCH,
            List.of("mean_loss", "meta_grad_norm", "validation_final_loss"));
    return new TrainingRun(spec, model, 3600).withTensorBoard(dir.resolve("tb"));
  }

  /** Runs to the end, or stops (with a checkpoint) after round {@code stopAfter}. */
  private OuterState train(TrainingRun run, OuterState state, int stopAfter) {
    StopRequest stop = new StopRequest();
    run.withStopRequest(stop);
    return run.run(
        state,
        new TrainingListener() {
          @Override
          public void onRound(RoundReport report, OuterState s) {
            if (report.round() == stopAfter) {
              stop.request("SIGTEST");
            }
          }
        });
  }

  private static List<Long> steps(Path eventFile) {
    List<Long> steps = new ArrayList<>();
    for (TensorBoardEvents.Event e : TensorBoardEvents.read(eventFile)) {
      if (!e.scalars().isEmpty()) {
        steps.add(e.step());
      }
    }
    return steps;
  }

  @Test
  void aStoppedRunResumesToTheUninterruptedResultWithCompleteFiles() throws IOException {
    Path reference = dir.resolve("ref/model.safetensors");
    TrainingRun whole = run(new L2lTrainer(PROBLEM, LAYOUT, config(EPOCHS, 0, 3, 1)), reference);
    OuterState expected =
        train(whole, new L2lTrainer(PROBLEM, LAYOUT, config(EPOCHS, 0, 3, 1)).initialState(), -9);
    List<String> expectedLog = Files.readAllLines(whole.log());

    Path model = dir.resolve("run/model.safetensors");
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(EPOCHS, 0, 3, 1));
    TrainingRun first = run(trainer, model);
    TrainingStoppedException stopped =
        assertThrows(TrainingStoppedException.class, () -> train(first, trainer.initialState(), 1));
    assertEquals("SIGTEST", stopped.reason());
    assertTrue(stopped.getMessage().contains("after 2 of 4 epochs"), stopped.getMessage());
    assertTrue(stopped.getMessage().contains(first.checkpoint().toString()));

    // What a kill can leave: a log that lost rows, TensorBoard events past the checkpoint, and a
    // half-written record.
    Files.writeString(first.log(), "epoch,mean_loss\n");
    try (TensorBoardWriter board = TensorBoardWriter.continueAt(first.tensorboardFile(), 99)) {
      board.scalars(2, Map.of("meta/mean_loss", 1.0));
      board.scalars(3, Map.of("meta/mean_loss", 1.0));
    }
    Files.write(
        first.tensorboardFile(), new byte[] {9, 0, 0}, java.nio.file.StandardOpenOption.APPEND);

    L2lTrainer again = new L2lTrainer(PROBLEM, LAYOUT, config(EPOCHS, 0, 3, 1));
    TrainingRun second = run(again, model);
    OuterState resumed = train(second, second.resumeState(), -9);

    assertArrayEquals(expected.meta(), resumed.meta());
    assertArrayEquals(expected.best(), resumed.best());
    assertEquals(expectedLog, Files.readAllLines(second.log()));
    assertEquals(List.of(0L, 1L, 2L, 3L), steps(second.tensorboardFile()));
    assertEquals(steps(whole.tensorboardFile()), steps(second.tensorboardFile()));
  }

  @Test
  void aFreshRunStartsItsTensorBoardFileAnew() {
    Path model = dir.resolve("model.safetensors");
    for (int attempt = 0; attempt < 2; attempt++) {
      L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(2, 0, 3, 1));
      TrainingRun run = run(trainer, model);
      train(run, trainer.initialState(), -9);
      assertEquals(List.of(0L, 1L), steps(run.tensorboardFile()));
    }
  }
}
