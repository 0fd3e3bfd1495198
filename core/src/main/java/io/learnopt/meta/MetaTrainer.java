package io.learnopt.meta;

import io.learnopt.LearnoptException;
import io.learnopt.eval.Evaluator;
import io.learnopt.eval.TaskSeeds;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.learned.LstmParameters;
import io.learnopt.optim.Adam;
import io.learnopt.optim.Chain;
import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

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
    Adam adam = new Adam(config.learningRate());
    this.metaOptimizer =
        config.clipNorm() > 0
            ? Optimizers.chain(Optimizers.clipByGlobalNorm(config.clipNorm()), adam)
            : adam;
  }

  /** The Adam state inside a meta-optimizer state made by this trainer (for checkpoints). */
  public static Adam.State adamState(Optimizer.State state) {
    return state instanceof Chain.State chain ? (Adam.State) chain.ruleState() : (Adam.State) state;
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
    int groups = Math.min(config.threads(), config.tasksPerEpoch());
    // Fewer tasks than threads (one MNIST network, say): split each step's coordinate blocks.
    ForkJoinPool blockPool = groups < config.threads() ? new ForkJoinPool(config.threads()) : null;
    List<TaskGroup> workers = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      workers.add(
          new TaskGroup(layout, config.unroll(), config.horizon(), config.weighting(), blockPool));
    }
    ExecutorService pool = groups > 1 ? Executors.newFixedThreadPool(groups) : null;
    Evaluator evaluator = new Evaluator(config.threads(), false);
    float[] metaGradient = new float[layout.size()];
    float[] step = new float[layout.size()];
    float lossScale = 1f / config.tasksPerEpoch();
    try {
      for (int epoch = state.nextEpoch; epoch < config.epochs(); epoch++) {
        startEpoch(epoch, workers);
        double lossSum = 0;
        double normSum = 0;
        for (int u = 0; u < config.unrollsPerEpoch(); u++) {
          double loss;
          try {
            loss = unrollAll(workers, pool, state.phi, u * config.unroll(), lossScale);
          } catch (NonFiniteLossException e) {
            throw new NonFiniteLossException(
                "meta-training stopped at epoch "
                    + epoch
                    + ": "
                    + e.getMessage()
                    + "; lower --lr, set --clip, or use log-sign preprocessing");
          }
          sumGradients(workers, metaGradient);
          double norm = norm(metaGradient);
          if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            throw new NonFiniteLossException(
                "meta-loss or meta-gradient is not finite at epoch "
                    + epoch
                    + ", unroll "
                    + u
                    + " (optimizee steps "
                    + (u * config.unroll() + 1)
                    + ".."
                    + ((u + 1) * config.unroll())
                    + "); lower --lr or set --clip");
          }
          metaOptimizer.update(metaGradient, state.phi, state.metaOptimizerState, step);
          for (int i = 0; i < step.length; i++) {
            state.phi[i] += step[i];
          }
          double meanLoss = loss / (config.tasksPerEpoch() * (double) config.unroll());
          lossSum += meanLoss;
          normSum += norm;
          listener.onUnroll(epoch, u, meanLoss, norm);
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
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
      if (blockPool != null) {
        blockPool.shutdownNow();
      }
    }
    return state;
  }

  /** Mean final loss of the LSTM optimizer φ on the held-out validation tasks. */
  public double validate(float[] phi, Evaluator evaluator) {
    long[] seeds = TaskSeeds.VALIDATION.seeds(config.seed(), 0, config.evalTasks());
    return evaluator
        .run(new LstmOptimizer(layout, phi), problem, seeds, config.horizon())
        .finalSummary()
        .mean();
  }

  private void startEpoch(int epoch, List<TaskGroup> workers) {
    long[] seeds = TaskSeeds.TRAIN.seeds(config.seed(), epoch, config.tasksPerEpoch());
    int groups = workers.size();
    for (int g = 0; g < groups; g++) {
      List<Task> tasks = new ArrayList<>();
      for (int k = g * seeds.length / groups; k < (g + 1) * seeds.length / groups; k++) {
        tasks.add(problem.sample(seeds[k]));
      }
      workers.get(g).start(tasks);
    }
  }

  private static double unrollAll(
      List<TaskGroup> workers, ExecutorService pool, float[] phi, int firstStep, float lossScale)
      throws InterruptedException {
    if (pool == null) {
      return workers.get(0).unroll(phi, firstStep, lossScale);
    }
    List<Future<Double>> futures = new ArrayList<>();
    for (TaskGroup worker : workers) {
      futures.add(pool.submit(() -> worker.unroll(phi, firstStep, lossScale)));
    }
    double total = 0;
    for (Future<Double> future : futures) {
      try {
        total += future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new LearnoptException("meta-training worker failed: " + e.getCause(), e.getCause());
      }
    }
    return total;
  }

  private static void sumGradients(List<TaskGroup> workers, float[] out) {
    System.arraycopy(workers.get(0).metaGradient, 0, out, 0, out.length);
    for (int g = 1; g < workers.size(); g++) {
      float[] partial = workers.get(g).metaGradient;
      for (int i = 0; i < out.length; i++) {
        out[i] += partial[i];
      }
    }
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }
}
