package io.learnopt.outer;

import io.learnopt.eval.Evaluator;
import io.learnopt.eval.TaskSeeds;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.learned.LstmParameters;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.optim.NamedArrays;
import io.learnopt.problem.Problem;
import java.nio.file.Path;
import java.util.Map;

/**
 * The L2L setting as these tests drive it: {@link ProblemMetaTraining} of an {@link L2lLstm} with
 * the given layout, its checkpoint through {@link OuterCheckpoint} with the settings the CLI
 * records.
 */
final class L2lTrainer {
  final ProblemMetaTraining training;
  final LstmParameters layout;

  L2lTrainer(Problem problem, LstmParameters layout, MetaTrainingConfig config) {
    this(problem, layout, config, false);
  }

  L2lTrainer(Problem problem, LstmParameters layout, MetaTrainingConfig config, boolean recompute) {
    this.layout = layout;
    this.training =
        ProblemMetaTraining.of(problem, new L2lLstm(layout.config(), recompute), config);
  }

  OuterState initialState() {
    return training.initialState();
  }

  OuterState train(OuterState state, TrainingListener listener) {
    return training.train(state, listener);
  }

  MetaTrainingConfig config() {
    return training.config();
  }

  Validator validator() {
    return training.trainer().validator();
  }

  double validate(float[] phi, Evaluator evaluator) {
    long[] seeds = TaskSeeds.VALIDATION.seeds(config().seed(), 0, config().evalTasks());
    return evaluator
        .run(new LstmOptimizer(layout, phi), training.problem(), seeds, config().horizon())
        .finalSummary()
        .mean();
  }

  Map<String, String> settings() {
    Map<String, String> settings = training.settings();
    settings.putAll(io.learnopt.learned.LstmOptimizerFile.architecture(layout.config()));
    return settings;
  }

  static void save(Path file, L2lTrainer trainer, OuterState state) {
    OuterCheckpoint.save(file, state, trainer.settings());
  }

  static OuterState load(Path file, L2lTrainer trainer) {
    java.util.List<String> mustMatch = new java.util.ArrayList<>(ProblemMetaTraining.MUST_MATCH);
    mustMatch.addAll(
        io.learnopt.learned.LstmOptimizerFile.architecture(trainer.layout.config()).keySet());
    return OuterCheckpoint.load(file, trainer.initialState(), trainer.settings(), mustMatch);
  }

  /** The meta-optimizer's state as it saves itself. */
  static NamedArrays optimizerState(OuterState state) {
    NamedArrays saved = new NamedArrays();
    state.metaOptimizerState().save(saved);
    return saved;
  }
}
