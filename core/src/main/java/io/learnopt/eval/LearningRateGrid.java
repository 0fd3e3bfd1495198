package io.learnopt.eval;

import io.learnopt.optim.Optimizer;
import io.learnopt.problem.Problem;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleFunction;

/**
 * Learning-rate tuning by grid search, as Andrychowicz et al. 2016 tune their baselines: every rate
 * in 10^-4 … 10^0 in half-decade steps is run on tuning tasks (drawn from a different seed stream
 * than the reported ones) and the rate with the lowest mean final loss wins; a rate that diverges
 * on any task scores +∞.
 */
public final class LearningRateGrid {
  private final double[] rates;

  /** The default grid: 1e-4, 3.16e-4, 1e-3, …, 1 (nine rates). */
  public LearningRateGrid() {
    this(-4, 0, 2);
  }

  /** Rates 10^(lowExp + k/perDecade) for k = 0 … (highExp − lowExp)·perDecade. */
  public LearningRateGrid(int lowExp, int highExp, int perDecade) {
    if (highExp < lowExp || perDecade < 1) {
      throw new IllegalArgumentException("empty learning-rate grid");
    }
    int count = (highExp - lowExp) * perDecade + 1;
    rates = new double[count];
    for (int k = 0; k < count; k++) {
      rates[k] = Math.pow(10, lowExp + (double) k / perDecade);
    }
  }

  /** The rates, ascending. */
  public double[] rates() {
    return rates.clone();
  }

  /**
   * The outcome of a grid search.
   *
   * @param bestRate the rate with the lowest mean final loss
   * @param rates the rates tried
   * @param meanFinalLoss the mean final loss on the tuning tasks for each rate
   */
  public record Result(double bestRate, double[] rates, double[] meanFinalLoss) {}

  /** Tunes the optimizer made by {@code factory} on the tasks with {@code tuningSeeds}. */
  public Result tune(
      DoubleFunction<Optimizer> factory,
      Problem problem,
      long[] tuningSeeds,
      int steps,
      Evaluator evaluator) {
    return tune(factory, problem, tuningSeeds, steps, evaluator, rate -> {});
  }

  /** As above; {@code evaluated} hears each rate once its evaluation has finished. */
  public Result tune(
      DoubleFunction<Optimizer> factory,
      Problem problem,
      long[] tuningSeeds,
      int steps,
      Evaluator evaluator,
      DoubleConsumer evaluated) {
    double[] scores = new double[rates.length];
    int best = 0;
    for (int k = 0; k < rates.length; k++) {
      scores[k] =
          evaluator.run(factory.apply(rates[k]), problem, tuningSeeds, steps).finalSummary().mean();
      evaluated.accept(rates[k]);
      if (scores[k] < scores[best]) {
        best = k;
      }
    }
    return new Result(rates[best], rates.clone(), scores);
  }
}
