package io.learnopt.outer;

import io.learnopt.LearnoptException;
import io.learnopt.UsageException;
import io.learnopt.io.AtomicFiles;
import io.learnopt.io.TensorBoardWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One outer-training run with its files, beside the model file {@code runs/x.safetensors}: a CSV
 * log of every round ({@code runs/x.log.csv}), a checkpoint ({@code runs/x.ckpt.safetensors})
 * written at least every {@code checkpointSeconds}, after the last round and when a {@link
 * StopRequest} arrives, and optionally a TensorBoard event file ({@code
 * events.out.tfevents.learnopt.x} in its directory).
 *
 * <p>The checkpoint carries the log's rows up to its round, and the log is written just before it:
 * after a kill at any moment the log holds at least the checkpoint's rounds, and {@code resume}
 * rewrites it from the checkpoint's rows, so it can neither miss nor repeat a round. The
 * TensorBoard file is cut back to the checkpoint's round on resume for the same reason. A resumed
 * run ends with the same meta-parameters as an uninterrupted one.
 */
public final class TrainingRun {
  /**
   * What a run is made of.
   *
   * @param trainer the outer trainer
   * @param initialState a fresh state of the run (meta-parameters from its seed)
   * @param settings the run's settings, recorded in the checkpoint
   * @param mustMatch settings that a resumed run must share with its checkpoint
   * @param columns the log's column names after the round: loss, gradient norm, validation score
   */
  public record Spec(
      OuterTrainer trainer,
      Supplier<OuterState> initialState,
      Map<String, String> settings,
      List<String> mustMatch,
      List<String> columns) {}

  private final Spec spec;
  private final Path checkpoint;
  private final Path log;
  private final long checkpointNanos;
  private final String base;
  private Path tensorboardDir;
  private StopRequest stop = new StopRequest();
  private List<String> resumedRows;

  /** A run that saves beside {@code model} at least every {@code checkpointSeconds}. */
  public TrainingRun(Spec spec, Path model, long checkpointSeconds) {
    if (checkpointSeconds < 1) {
      throw new UsageException(
          "--checkpoint-every must be a positive number of seconds, got " + checkpointSeconds);
    }
    this.spec = spec;
    this.base = model.getFileName().toString().replaceFirst("\\.safetensors$", "");
    this.checkpoint = model.resolveSibling(base + ".ckpt.safetensors");
    this.log = model.resolveSibling(base + ".log.csv");
    this.checkpointNanos = Duration.ofSeconds(checkpointSeconds).toNanos();
  }

  /** Also log every round to a TensorBoard event file in {@code dir} (null: don't). */
  public TrainingRun withTensorBoard(Path dir) {
    this.tensorboardDir = dir;
    return this;
  }

  /** Stop at the next round boundary, with a checkpoint, once {@code stop} is requested. */
  public TrainingRun withStopRequest(StopRequest stop) {
    this.stop = stop;
    return this;
  }

  /** The TensorBoard event file (null if TensorBoard logging is off). */
  public Path tensorboardFile() {
    return tensorboardDir == null
        ? null
        : tensorboardDir.resolve("events.out.tfevents.learnopt." + base);
  }

  /** The checkpoint file. */
  public Path checkpoint() {
    return checkpoint;
  }

  /** The CSV log. */
  public Path log() {
    return log;
  }

  /** Where a resumed run starts: the checkpoint loaded into a fresh state. */
  public OuterState resumeState() {
    if (!Files.exists(checkpoint)) {
      throw new UsageException(
          "--resume: no checkpoint at " + checkpoint + "; run without --resume to start anew");
    }
    OuterCheckpoint.Contents contents =
        OuterCheckpoint.read(
            checkpoint,
            spec.initialState().get(),
            spec.trainer().config().rounds(),
            spec.settings(),
            spec.mustMatch());
    resumedRows = contents.logRows();
    return contents.state();
  }

  /**
   * Trains from {@code state} (a fresh or a resumed one) to the end, passing every event on to
   * {@code listener}; returns the final state. On a non-finite loss the log is kept and the error
   * names the last good checkpoint.
   */
  public OuterState run(OuterState state, TrainingListener listener) {
    OuterConfig config = spec.trainer().config();
    List<String> rows = new ArrayList<>(previousRows(state.nextRound()));
    long[] lastSave = {System.nanoTime()};
    int[] savedRound = {state.nextRound()};
    long firstStep = state.nextRound() == 0 ? Long.MIN_VALUE : config.label(state.nextRound());
    try (TensorBoardWriter board =
        tensorboardDir == null
            ? null
            : TensorBoardWriter.continueAt(tensorboardFile(), firstStep)) {
      spec.trainer()
          .train(
              state,
              new TrainingListener() {
                @Override
                public void onStep(int round, int step, double meanLoss, double gradientNorm) {
                  listener.onStep(round, step, meanLoss, gradientNorm);
                }

                @Override
                public void onRound(RoundReport report, OuterState s) {
                  rows.add(row(config, report));
                  if (board != null) {
                    board.scalars(config.label(report.round()), scalars(report));
                  }
                  listener.onRound(report, s);
                  if (report.round() < 0) {
                    return;
                  }
                  String reason = stop.reason();
                  if (reason != null
                      || System.nanoTime() - lastSave[0] >= checkpointNanos
                      || s.nextRound() == config.rounds()) {
                    save(rows, s);
                    lastSave[0] = System.nanoTime();
                    savedRound[0] = s.nextRound();
                  }
                  if (reason != null && s.nextRound() < config.rounds()) {
                    if (board != null) {
                      board.flush();
                    }
                    throw new TrainingStoppedException(
                        reason,
                        String.format(
                            java.util.Locale.ROOT,
                            "stopped by %s after %d of %d %ss; saved the checkpoint %s",
                            reason,
                            s.nextRound(),
                            config.rounds(),
                            config.roundName(),
                            checkpoint));
                  }
                }
              });
    } catch (DivergedException e) {
      writeLog(rows);
      throw new LearnoptException(
          e.getMessage()
              + (Files.exists(checkpoint)
                  ? "; the last good checkpoint is "
                      + checkpoint
                      + " ("
                      + config.roundName()
                      + " "
                      + config.label(savedRound[0])
                      + "): continue with --resume"
                  : ""),
          e);
    }
    writeLog(rows);
    return state;
  }

  /** The log, then the checkpoint with the same rows: a kill between them loses nothing. */
  private void save(List<String> rows, OuterState state) {
    writeLog(rows);
    OuterCheckpoint.save(checkpoint, state, spec.settings(), rows);
  }

  private String row(OuterConfig config, TrainingListener.RoundReport report) {
    return String.format(
        Locale.ROOT,
        "%d,%s,%s,%s",
        config.label(report.round()),
        number(report.meanLoss()),
        number(report.meanGradientNorm()),
        number(report.validationScore()));
  }

  private static String number(double x) {
    return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.6g", x);
  }

  private Map<String, Double> scalars(TrainingListener.RoundReport report) {
    Map<String, Double> scalars = new LinkedHashMap<>();
    double[] values = {report.meanLoss(), report.meanGradientNorm(), report.validationScore()};
    String[] tags = {
      "meta/mean_loss",
      "meta/grad_norm",
      "validation/" + spec.columns().get(2).replaceFirst("^validation_", "")
    };
    for (int k = 0; k < values.length; k++) {
      if (!Double.isNaN(values[k])) {
        scalars.put(tags[k], values[k]);
      }
    }
    return scalars;
  }

  /**
   * The log rows of rounds before {@code nextRound}: none for a fresh run, the checkpoint's rows
   * for a resumed one (the log file's rows for a checkpoint that has none).
   */
  private List<String> previousRows(int nextRound) {
    if (nextRound == 0) {
      return List.of();
    }
    if (resumedRows != null) {
      return resumedRows;
    }
    List<String> rows = new ArrayList<>();
    if (!Files.exists(log)) {
      return rows;
    }
    int limit = spec.trainer().config().label(nextRound);
    try {
      for (String line : Files.readAllLines(log)) {
        int comma = line.indexOf(',');
        if (comma > 0
            && (Character.isDigit(line.charAt(0)) || line.charAt(0) == '-')
            && Integer.parseInt(line.substring(0, comma)) < limit) {
          rows.add(line);
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new LearnoptException("cannot read the training log " + log + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private void writeLog(List<String> rows) {
    String header = spec.trainer().config().roundName() + "," + String.join(",", spec.columns());
    AtomicFiles.writeString(log, header + "\n" + String.join("\n", rows) + "\n");
  }
}
