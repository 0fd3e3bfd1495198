package io.learnopt.meta;

import io.learnopt.LearnoptException;
import io.learnopt.eval.Evaluator;
import io.learnopt.eval.TaskSeeds;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.learned.LstmParameters;
import io.learnopt.optim.Alias;
import io.learnopt.optim.Aliases;
import io.learnopt.optim.NamedArrays;
import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;
import io.learnopt.problem.Problem;

/**
 * Meta-trains a coordinatewise LSTM optimizer (Andrychowicz et al. 2016, §2): minimize L(φ) =
 * E_f[Σ_t w_t f(θ_t)] by truncated BPTT over unrolls, with the optimizee gradient treated as an
 * input. Each epoch samples fresh tasks and runs them for the horizon, one meta-update per unroll;
 * the task batch is split across worker threads (each a {@link TaskGroup}) whose meta-gradients are
 * summed. Every {@code evalEvery} epochs φ is validated on held-out tasks and the best is kept, as
 * the authors' code does.
 */
public final class MetaTrainer {
  private final Problem problem;
  private final LstmParameters layout;
  private final MetaTrainingConfig config;
  private final Optimizer metaOptimizer;

  /**
   * A trainer of the LSTM laid out by {@code layout} on {@code problem}; φ is updated by Adam,
   * behind global-norm clipping of the meta-gradient when {@code config.clipNorm() > 0}.
   */
  public MetaTrainer(Problem problem, LstmParameters layout, MetaTrainingConfig config) {
    this.problem = problem;
    this.layout = layout;
    this.config = config;
    Alias adam = Aliases.adam(config.learningRate());
    this.metaOptimizer =
        config.clipNorm() > 0
            ? Optimizers.chain(Optimizers.clipByGlobalNorm(config.clipNorm()), adam)
            : adam;
  }

  /**
   * The entries of Adam's m, v and step t within the saved meta-optimizer state {@code saved}: the
   * scope of the chain part that is Adam (for checkpoints).
   */
  public NamedArrays adamEntries(NamedArrays saved) {
    return saved.scope(config.clipNorm() > 0 ? "1" : "0");
  }

  /** The problem meta-trained on. */
  public Problem problem() {
    return problem;
  }

  /** The layout of φ. */
  public LstmParameters layout() {
    return layout;
  }

  /** The settings. */
  public MetaTrainingConfig config() {
    return config;
  }

  /** A fresh state: φ initialized from the run's seed, epoch 0. */
  public MetaTrainingState initialState() {
    float[] phi = layout.initialize(io.learnopt.tensor.Rng.forKey(config.seed(), 0x9d1L));
    return new MetaTrainingState(0, phi, metaOptimizer.init(phi.length));
  }

  /** Trains from {@code state} to the configured number of epochs; returns the same state. */
  public MetaTrainingState train(MetaTrainingState state, TrainingListener listener) {
    Evaluator evaluator = new Evaluator(config.threads(), false);
    try (MetaStepper stepper = newStepper()) {
      for (int epoch = state.nextEpoch; epoch < config.epochs(); epoch++) {
        stepper.startEpoch(epoch);
        double lossSum = 0;
        double normSum = 0;
        for (int u = 0; u < config.unrollsPerEpoch(); u++) {
          double meanLoss;
          try {
            meanLoss = stepper.unroll(state, u);
          } catch (NonFiniteLossException e) {
            throw new NonFiniteLossException(
                "meta-training stopped at epoch "
                    + epoch
                    + ": "
                    + e.getMessage()
                    + "; lower --lr, set --clip, or use log-sign preprocessing");
          }
          lossSum += meanLoss;
          normSum += stepper.lastNorm();
          listener.onUnroll(epoch, u, meanLoss, stepper.lastNorm());
        }
        state.nextEpoch = epoch + 1;
        double score = Double.NaN;
        boolean improved = false;
        boolean scheduled = state.nextEpoch % config.evalEvery() == 0;
        if (scheduled || state.nextEpoch == config.epochs()) {
          score = validate(state.phi, evaluator);
          if (scheduled) {
            // Only scheduled validations enter the checkpointed best, so a run extended later
            // with --resume keeps the same best as an uninterrupted one.
            if (score < state.bestScore || state.bestEpoch < 0) {
              state.restoreBest(state.phi, score, epoch);
              improved = true;
            }
          } else {
            state.finalScore = score;
            improved = score < state.bestScore;
          }
        }
        int unrolls = config.unrollsPerEpoch();
        listener.onEpoch(
            new TrainingListener.EpochReport(
                epoch, lossSum / unrolls, normSum / unrolls, score, improved),
            state);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LearnoptException("meta-training interrupted", e);
    }
    return state;
  }

  /** A stepper over this trainer's problem, layout and settings (the caller closes it). */
  public MetaStepper newStepper() {
    return new MetaStepper(problem, layout, config, metaOptimizer);
  }

  /** Mean final loss of the LSTM optimizer φ on the held-out validation tasks. */
  public double validate(float[] phi, Evaluator evaluator) {
    long[] seeds = TaskSeeds.VALIDATION.seeds(config.seed(), 0, config.evalTasks());
    return evaluator
        .run(new LstmOptimizer(layout, phi), problem, seeds, config.horizon())
        .finalSummary()
        .mean();
  }
}
