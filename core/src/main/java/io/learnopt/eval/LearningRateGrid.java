package io.learnopt.eval;

import io.learnopt.optim.Optimizer;
import io.learnopt.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;

/**
 * Learning-rate tuning by grid search, as Andrychowicz et al. 2016 tune their baselines: every rate
 * in 10^-4 … 10^0 in half-decade steps is run on tuning tasks (drawn from a different seed stream
 * than the reported ones) and the rate with the lowest mean final loss wins; a rate that diverges
 * on any task scores +∞. When the winner is the smallest or largest rate tried, the grid is
 * extended by one step past that edge and the search goes on, up to {@value #MAX_EXTENSIONS} steps
 * per edge, so a baseline is not held back by where the grid happens to end.
 */
public final class LearningRateGrid {
  /** How many steps the search may add beyond each end of the grid. */
  public static final int MAX_EXTENSIONS = 4;

  private final int lowExp;
  private final int perDecade;
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
    this.lowExp = lowExp;
    this.perDecade = perDecade;
    int count = (highExp - lowExp) * perDecade + 1;
    rates = new double[count];
    for (int k = 0; k < count; k++) {
      rates[k] = rate(k);
    }
  }

  /** The k-th rate of the grid continued past its ends (k &lt; 0 below, k ≥ length above). */
  private double rate(int k) {
    return Math.pow(10, lowExp + (double) k / perDecade);
  }

  /** The rates of the grid before any extension, ascending. */
  public double[] rates() {
    return rates.clone();
  }

  /**
   * The outcome of a grid search.
   *
   * @param bestRate the rate with the lowest mean final loss
   * @param rates the rates tried, ascending, extensions included
   * @param meanFinalLoss the mean final loss on the tuning tasks for each rate
   */
  public record Result(double bestRate, double[] rates, double[] meanFinalLoss) {
    /** True if the best rate is still the smallest or largest tried, extensions exhausted. */
    public boolean bestAtEdge() {
      return bestRate == rates[0] || bestRate == rates[rates.length - 1];
    }
  }

  /** Hears the grid search's progress. */
  public interface Listener {
    /** The grid is about to be extended past an edge with {@code rate}. */
    default void extending(double rate) {}

    /** The evaluation of {@code rate} has finished. */
    void evaluated(double rate);
  }

  /** Tunes the optimizer made by {@code factory} on the tasks with {@code tuningSeeds}. */
  public Result tune(
      DoubleFunction<Optimizer> factory,
      Problem problem,
      long[] tuningSeeds,
      int steps,
      Evaluator evaluator) {
    return tune(factory, problem, tuningSeeds, steps, evaluator, (Listener) rate -> {});
  }

  /** As above; {@code listener} hears each evaluation and extension. */
  public Result tune(
      DoubleFunction<Optimizer> factory,
      Problem problem,
      long[] tuningSeeds,
      int steps,
      Evaluator evaluator,
      Listener listener) {
    // Grid index → mean final loss, for indices that run past either end as the grid extends.
    TreeMap<Integer, Double> scores = new TreeMap<>();
    // The grid's rates run together (every thread busy even with few tuning tasks per rate).
    List<Optimizer> optimizers = new ArrayList<>();
    for (double rate : rates) {
      optimizers.add(factory.apply(rate));
    }
    List<LossCurves> curves = evaluator.runAll(optimizers, problem, tuningSeeds, steps);
    for (int k = 0; k < rates.length; k++) {
      scores.put(k, curves.get(k).finalSummary().mean());
      listener.evaluated(rates[k]);
    }
    DoubleUnaryOperator score =
        rate -> {
          double mean =
              evaluator.run(factory.apply(rate), problem, tuningSeeds, steps).finalSummary().mean();
          listener.evaluated(rate);
          return mean;
        };
    int best = bestIndex(scores);
    while (best == scores.firstKey() && best > -MAX_EXTENSIONS
        || best == scores.lastKey() && best < rates.length - 1 + MAX_EXTENSIONS) {
      int next = best == scores.firstKey() ? best - 1 : best + 1;
      listener.extending(rate(next));
      scores.put(next, score.applyAsDouble(rate(next)));
      best = bestIndex(scores);
    }
    double[] tried = new double[scores.size()];
    double[] means = new double[scores.size()];
    int i = 0;
    for (Map.Entry<Integer, Double> e : scores.entrySet()) {
      tried[i] = rate(e.getKey());
      means[i++] = e.getValue();
    }
    return new Result(rate(best), tried, means);
  }

  /** The lowest index with the lowest score; NaN counts as +∞. */
  private static int bestIndex(TreeMap<Integer, Double> scores) {
    int best = scores.firstKey();
    double bestScore = Double.POSITIVE_INFINITY;
    for (Map.Entry<Integer, Double> e : scores.entrySet()) {
      if (e.getValue() < bestScore) {
        best = e.getKey();
        bestScore = e.getValue();
      }
    }
    return best;
  }
}
