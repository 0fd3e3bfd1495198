package io.learnopt.cli;

import io.learnopt.lopt.LearnedModel;
import io.learnopt.lopt.LearnedModels;
import io.learnopt.outer.OuterState;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.outer.StopRequest;
import io.learnopt.outer.TrainingListener;
import io.learnopt.outer.TrainingRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;

/**
 * Runs outer training for {@code train}, {@code demo}, {@code paper} and {@code fewshot train}: a
 * progress bar with the loss over the core's {@link TrainingRun} (CSV log, checkpoints, resume,
 * TensorBoard); the commands save the chosen model.
 */
final class TrainingSession {
  private TrainingSession() {}

  /** Trains {@code run} from a fresh or ({@code resume}) the checkpointed state. */
  static OuterState run(TrainingRun run, TrainingRun.Spec spec, boolean resume, PrintStream out) {
    OuterState state = resume ? run.resumeState() : spec.initialState().get();
    var config = spec.trainer().config();
    if (resume) {
      out.printf(
          Locale.ROOT,
          "Resuming from %s at %s %d.%n",
          run.checkpoint(),
          config.roundName(),
          config.label(state.nextRound()));
    }
    var estimator = spec.trainer().estimator();
    int steps = estimator.stepsPerRound();
    long total =
        estimator.stepsBetween(state.nextRound(), Math.max(state.nextRound(), config.rounds()));
    String unit = steps == 1 ? config.roundName() + "s" : "unrolls";
    StopRequest stop = new StopRequest();
    run.withStopRequest(stop);
    try (Interrupts interrupts = Interrupts.install(stop, System.err);
        ProgressBar bar = Progress.bar("meta-train", total, unit)) {
      return run.run(
          state,
          new TrainingListener() {
            @Override
            public void onStep(int round, int step, double meanLoss, double gradientNorm) {
              bar.step();
            }

            @Override
            public void onRound(RoundReport report, OuterState s) {
              bar.setExtraMessage(
                  String.format(
                      Locale.ROOT,
                      " %s %d loss %.3g best %.3g",
                      config.roundName(),
                      config.label(report.round()),
                      report.meanLoss(),
                      s.bestScore()));
            }
          });
    }
  }

  /**
   * Meta-trains the learned rule of {@code training} (the L2L LSTM, one LSTM per parameter group,
   * or mlp-lopt), saves the chosen optimizer (with its settings as provenance) to {@code model} and
   * returns it.
   */
  static LearnedModel train(
      ProblemMetaTraining training,
      Path model,
      long checkpointSeconds,
      Path tensorboard,
      boolean resume,
      String command,
      PrintStream out) {
    Map<String, String> settings = new LinkedHashMap<>(training.settings());
    Map<String, String> architecture =
        LearnedModels.of(training.rule(), new float[training.rule().parameterCount()])
            .description();
    settings.putAll(architecture);
    List<String> mustMatch = new ArrayList<>(ProblemMetaTraining.MUST_MATCH);
    mustMatch.addAll(architecture.keySet());
    if (settings.containsKey("pes_pairs")) {
      mustMatch.addAll(List.of("pes_pairs", "pes_sigma"));
    }
    TrainingRun.Spec spec =
        new TrainingRun.Spec(
            training.trainer(),
            training::initialState,
            settings,
            mustMatch,
            List.of("mean_loss", "meta_grad_norm", "validation_final_loss"));
    TrainingRun run = new TrainingRun(spec, model, checkpointSeconds).withTensorBoard(tensorboard);
    long started = System.nanoTime();
    OuterState state = run(run, spec, resume, out);
    var validator = training.trainer().validator();
    LearnedModel best = LearnedModels.of(training.rule(), state.chosen(validator));
    Map<String, String> provenance = new LinkedHashMap<>(training.settings());
    provenance.put("best_epoch", Integer.toString(state.chosenRound(validator)));
    provenance.put("validation_final_loss", Double.toString(state.chosenScore(validator)));
    provenance.put("command", command);
    best.save(model, provenance);
    out.printf(
        Locale.ROOT,
        "Trained %s in %.1f s; best validation mean final loss %.4g (epoch %d).%n"
            + "Saved the optimizer to %s (log: %s, checkpoint: %s).%n",
        epochsRun(state, training.config().epochs(), run.checkpoint()),
        (System.nanoTime() - started) / 1e9,
        state.chosenScore(validator),
        state.chosenRound(validator),
        model,
        run.log(),
        run.checkpoint());
    return best;
  }

  /**
   * The epochs this invocation ran: "6000 epochs", or after a resume "945 of 1500 epochs (resumed
   * at epoch 555 from CHECKPOINT)".
   */
  static String epochsRun(OuterState state, int epochs, Path checkpoint) {
    int ran = state.nextRound() - state.startRound();
    return state.startRound() == 0
        ? ran + " epochs"
        : String.format(
            Locale.ROOT,
            "%d of %d epochs (resumed at epoch %d from %s)",
            ran,
            epochs,
            state.startRound(),
            checkpoint);
  }
}
