package io.learnopt.outer;

import io.learnopt.optim.Alias;
import io.learnopt.optim.Aliases;
import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;

/**
 * The one outer (meta-) training loop, for every learned rule and task source: per round, the
 * estimator's outer steps, each an estimate of ∂L/∂meta followed by an Adam step (behind
 * global-norm clipping when configured); every {@code validateEvery} rounds the meta-parameters are
 * validated and the best kept, as the authors' code does. Training stops with a {@link
 * DivergedException} naming the round and step, before the meta-parameters are touched, when a loss
 * or gradient is not finite or a meta-parameter would leave ±{@link #MAX_META_MAGNITUDE}: rule
 * weights that large saturate every gate and activation, so the run has diverged even where every
 * loss still looks finite.
 */
public final class OuterTrainer {
  /**
   * The largest meta-parameter magnitude training accepts. Adam at the recipes' learning rates
   * moves a meta-parameter by about the learning rate per step, so healthy runs stay orders of
   * magnitude below it; a meta learning rate of 1e30 crosses it at the first step.
   */
  public static final float MAX_META_MAGNITUDE = 1e6f;

  private final GradientEstimator estimator;
  private final Validator validator;
  private final OuterConfig config;
  private final Optimizer metaOptimizer;
  private final float[] grad;
  private final float[] step;
  private double lastNorm = Double.NaN;

  /** A trainer of meta-parameters of length {@code size}. */
  public OuterTrainer(
      GradientEstimator estimator, Validator validator, OuterConfig config, int size) {
    this.estimator = estimator;
    this.validator = validator;
    this.config = config;
    Alias adam = Aliases.adam(config.metaLearningRate());
    this.metaOptimizer =
        config.clipNorm() > 0
            ? Optimizers.chain(Optimizers.clipByGlobalNorm(config.clipNorm()), adam)
            : adam;
    this.grad = new float[size];
    this.step = new float[size];
  }

  /** The settings. */
  public OuterConfig config() {
    return config;
  }

  /** The validator. */
  public Validator validator() {
    return validator;
  }

  /** The gradient estimator. */
  public GradientEstimator estimator() {
    return estimator;
  }

  /** A fresh state at round 0 with meta-parameters {@code meta} (taken, not copied). */
  public OuterState initialState(float[] meta) {
    if (meta.length != grad.length) {
      throw new IllegalArgumentException(
          "expected " + grad.length + " meta-parameters, got " + meta.length);
    }
    return new OuterState(0, meta, metaOptimizer.init(meta.length));
  }

  /** Trains from {@code state} to the configured number of rounds; returns the same state. */
  public OuterState train(OuterState state, TrainingListener listener) {
    state.startRound = state.nextRound;
    if (config.validateAtStart() && state.nextRound == 0 && state.bestRound == OuterState.NEVER) {
      double score = validator.score(state.meta);
      if (!Double.isNaN(score)) {
        state.restoreBest(state.meta, score, -1);
      }
      listener.onRound(
          new TrainingListener.RoundReport(-1, Double.NaN, Double.NaN, score, true), state);
    }
    int stride = estimator.stepsPerRound();
    if (state.nextRound < config.rounds()) {
      state.finalScore = Double.NaN;
    }
    boolean validated = false;
    for (int round = state.nextRound; round < config.rounds(); round++) {
      double lossSum = 0;
      double normSum = 0;
      int steps = estimator.stepsInRound(round);
      for (int u = 0; u < steps; u++) {
        double meanLoss;
        try {
          meanLoss = step(state, (long) round * stride + u);
        } catch (DivergedException e) {
          throw new DivergedException(
              "meta-training stopped at "
                  + config.roundName()
                  + " "
                  + config.label(round)
                  + ": "
                  + e.getMessage()
                  + "; lower the meta learning rate or set --clip");
        }
        lossSum += meanLoss;
        normSum += lastNorm;
        listener.onStep(round, u, meanLoss, lastNorm);
      }
      state.nextRound = round + 1;
      double score = Double.NaN;
      boolean improved = false;
      boolean scheduled = state.nextRound % config.validateEvery() == 0;
      if (scheduled || state.nextRound == config.rounds()) {
        score = validator.score(state.meta);
        validated = true;
        if (scheduled) {
          // Only scheduled validations enter the checkpointed best, so a run extended later
          // with --resume keeps the same best as an uninterrupted one.
          if (validator.better(score, state.bestScore)) {
            state.restoreBest(state.meta, score, round);
            improved = true;
          }
        } else {
          state.finalScore = score;
          improved = validator.better(score, state.bestScore);
        }
      }
      listener.onRound(
          new TrainingListener.RoundReport(
              round, lossSum / steps, normSum / steps, score, improved),
          state);
    }
    if (validated && Double.isNaN(state.chosenScore(validator))) {
      throw new DivergedException(
          "meta-training diverged: no validation gave a finite score; lower the meta learning"
              + " rate or set --clip");
    }
    return state;
  }

  /**
   * Outer step {@code index}: the estimate of ∂L/∂meta and one meta-optimizer update of {@code
   * state.meta()}. Returns the step's mean loss; throws {@link DivergedException} (meta untouched)
   * if the loss or the estimate is not finite.
   */
  public double step(OuterState state, long index) {
    double loss = estimator.estimate(state.meta, index, grad);
    double norm = norm(grad);
    if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
      throw new DivergedException(
          "meta-loss or meta-gradient is not finite at outer step "
              + index
              + " (loss "
              + loss
              + ", gradient norm "
              + norm
              + ")");
    }
    metaOptimizer.update(grad, state.meta, state.metaOptimizerState, step);
    for (int i = 0; i < step.length; i++) {
      float next = state.meta[i] + step[i];
      if (!(Math.abs(next) <= MAX_META_MAGNITUDE)) {
        throw new DivergedException(
            String.format(
                java.util.Locale.ROOT,
                "meta-parameter %d would become %.3g at outer step %d (limit ±%.0g)",
                i,
                next,
                index,
                MAX_META_MAGNITUDE));
      }
    }
    for (int i = 0; i < step.length; i++) {
      state.meta[i] += step[i];
    }
    lastNorm = norm;
    return loss;
  }

  /** Global norm of the last meta-gradient. */
  public double lastNorm() {
    return lastNorm;
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }
}
