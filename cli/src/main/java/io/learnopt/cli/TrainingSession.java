package io.learnopt.cli;

import io.learnopt.LearnoptException;
import io.learnopt.UsageException;
import io.learnopt.io.AtomicFiles;
import io.learnopt.io.LstmOptimizerFile;
import io.learnopt.io.TensorBoardWriter;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.meta.MetaCheckpoint;
import io.learnopt.meta.MetaTrainer;
import io.learnopt.meta.MetaTrainingState;
import io.learnopt.meta.NonFiniteLossException;
import io.learnopt.meta.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;

/**
 * Runs meta-training for {@code train} and {@code demo}: a progress bar with the loss, a CSV log of
 * every epoch, a checkpoint at least every {@code checkpointSeconds} (atomic, so a crash or a NaN
 * never destroys the last good one), and the best optimizer by validation saved at the end.
 */
final class TrainingSession {
  private static final String LOG_HEADER = "epoch,mean_loss,meta_grad_norm,validation_final_loss";

  private final MetaTrainer trainer;
  private final Path model;
  private final Path checkpoint;
  private final Path log;
  private final long checkpointNanos;
  private final String command;
  private Path tensorboardDir;

  TrainingSession(MetaTrainer trainer, Path model, long checkpointSeconds, String command) {
    this.trainer = trainer;
    this.model = model;
    String base = model.getFileName().toString().replaceFirst("\\.safetensors$", "");
    this.checkpoint = model.resolveSibling(base + ".ckpt.safetensors");
    this.log = model.resolveSibling(base + ".log.csv");
    this.checkpointNanos = Duration.ofSeconds(checkpointSeconds).toNanos();
    this.command = command;
  }

  /** Also log every epoch to a TensorBoard event file in {@code dir} (null: don't). */
  TrainingSession withTensorBoard(Path dir) {
    this.tensorboardDir = dir;
    return this;
  }

  Path checkpoint() {
    return checkpoint;
  }

  Path log() {
    return log;
  }

  /** Trains (from the checkpoint when {@code resume}), saves the best optimizer, returns it. */
  LstmOptimizer run(boolean resume, PrintStream out) {
    MetaTrainingState state;
    List<String> logRows = new ArrayList<>();
    if (resume) {
      if (!Files.exists(checkpoint)) {
        throw new UsageException(
            "--resume: no checkpoint at " + checkpoint + "; run without --resume to start anew");
      }
      state = MetaCheckpoint.load(checkpoint, trainer);
      logRows.addAll(previousLog(state.nextEpoch()));
      out.printf(Locale.ROOT, "Resuming from %s at epoch %d.%n", checkpoint, state.nextEpoch());
    } else {
      state = trainer.initialState();
    }
    int unrolls = trainer.config().unrollsPerEpoch();
    long total = (long) (trainer.config().epochs() - state.nextEpoch()) * unrolls;
    long started = System.nanoTime();
    long[] lastSave = {System.nanoTime()};
    int[] savedEpoch = {state.nextEpoch()};
    try (ProgressBar bar = Progress.bar("meta-train", Math.max(total, 0), "unrolls");
        TensorBoardWriter board =
            tensorboardDir == null ? null : TensorBoardWriter.open(tensorboardDir)) {
      trainer.train(
          state,
          new TrainingListener() {
            @Override
            public void onUnroll(int epoch, int unroll, double meanLoss, double gradientNorm) {
              bar.step();
            }

            @Override
            public void onEpoch(EpochReport report, MetaTrainingState s) {
              logRows.add(
                  String.format(
                      Locale.ROOT,
                      "%d,%.6g,%.6g,%s",
                      report.epoch(),
                      report.meanLoss(),
                      report.meanGradientNorm(),
                      Double.isNaN(report.validationScore())
                          ? ""
                          : String.format(Locale.ROOT, "%.6g", report.validationScore())));
              if (board != null) {
                Map<String, Double> scalars = new LinkedHashMap<>();
                scalars.put("meta/mean_loss", report.meanLoss());
                scalars.put("meta/grad_norm", report.meanGradientNorm());
                if (!Double.isNaN(report.validationScore())) {
                  scalars.put("validation/final_loss", report.validationScore());
                }
                board.scalars(report.epoch(), scalars);
              }
              bar.setExtraMessage(
                  String.format(
                      Locale.ROOT,
                      " epoch %d loss %.3g best %.3g",
                      report.epoch(),
                      report.meanLoss(),
                      s.bestScore()));
              if (System.nanoTime() - lastSave[0] >= checkpointNanos
                  || s.nextEpoch() == trainer.config().epochs()) {
                MetaCheckpoint.save(checkpoint, trainer, s);
                writeLog(logRows);
                lastSave[0] = System.nanoTime();
                savedEpoch[0] = s.nextEpoch();
              }
            }
          });
    } catch (NonFiniteLossException e) {
      writeLog(logRows);
      throw new LearnoptException(
          e.getMessage()
              + (Files.exists(checkpoint)
                  ? "; the last good checkpoint is "
                      + checkpoint
                      + " (epoch "
                      + savedEpoch[0]
                      + "): continue with --resume"
                  : ""),
          e);
    }
    writeLog(logRows);
    LstmOptimizer best = new LstmOptimizer(trainer.layout(), state.chosenPhi());
    Map<String, String> provenance = new LinkedHashMap<>(MetaCheckpoint.settings(trainer));
    provenance.put("best_epoch", Integer.toString(state.chosenEpoch()));
    provenance.put("validation_final_loss", Double.toString(state.chosenScore()));
    provenance.put("command", command);
    LstmOptimizerFile.save(model, best, provenance);
    out.printf(
        Locale.ROOT,
        "Trained %d epochs in %.1f s; best validation mean final loss %.4g (epoch %d).%n"
            + "Saved the optimizer to %s (log: %s, checkpoint: %s).%n",
        trainer.config().epochs(),
        (System.nanoTime() - started) / 1e9,
        state.chosenScore(),
        state.chosenEpoch(),
        model,
        log,
        checkpoint);
    return best;
  }

  private List<String> previousLog(int nextEpoch) {
    List<String> rows = new ArrayList<>();
    if (!Files.exists(log)) {
      return rows;
    }
    try {
      for (String line : Files.readAllLines(log)) {
        int comma = line.indexOf(',');
        if (comma > 0
            && Character.isDigit(line.charAt(0))
            && Integer.parseInt(line.substring(0, comma)) < nextEpoch) {
          rows.add(line);
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new LearnoptException("cannot read the training log " + log + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private void writeLog(List<String> rows) {
    AtomicFiles.writeString(log, LOG_HEADER + "\n" + String.join("\n", rows) + "\n");
  }
}
