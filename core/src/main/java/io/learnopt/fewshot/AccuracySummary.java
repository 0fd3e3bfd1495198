package io.learnopt.fewshot;

import io.learnopt.concurrent.WorkerPool;
import io.learnopt.data.omniglot.Episode;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A method's mean query accuracy over test episodes with its 95% confidence interval, ±1.96·s/√E
 * for the sample standard deviation s over E episodes (the interval few-shot papers report).
 *
 * @param name the method
 * @param mean mean accuracy, a fraction
 * @param ci95 half-width of the 95% interval, a fraction
 * @param episodes E
 */
public record AccuracySummary(String name, double mean, double ci95, int episodes) {

  /** The summary of per-episode accuracies. */
  public static AccuracySummary of(String name, double[] accuracies) {
    int e = accuracies.length;
    if (e == 0) {
      throw new IllegalArgumentException("no episodes to summarise for " + name);
    }
    double mean = 0;
    for (double a : accuracies) {
      mean += a;
    }
    mean /= e;
    double ss = 0;
    for (double a : accuracies) {
      ss += (a - mean) * (a - mean);
    }
    double sd = e > 1 ? Math.sqrt(ss / (e - 1)) : 0;
    return new AccuracySummary(name, mean, 1.96 * sd / Math.sqrt(e), e);
  }

  /** Runs {@code method} on every episode; {@code progress} hears each finished episode's index. */
  public static AccuracySummary evaluate(
      FewShotMethod method, List<Episode> episodes, IntConsumer progress) {
    return evaluate(method, episodes, 1, progress);
  }

  /**
   * Runs {@code method} on every episode, on {@code threads} threads (one copy of the method each);
   * the summary does not depend on the thread count. {@code progress} hears each finished episode's
   * index, from the thread that ran it.
   */
  public static AccuracySummary evaluate(
      FewShotMethod method, List<Episode> episodes, int threads, IntConsumer progress) {
    try (WorkerPool<FewShotMethod> workers =
        new WorkerPool<>(Math.max(1, Math.min(threads, episodes.size())), copies(method))) {
      return evaluate(workers, method.name(), episodes, progress);
    }
  }

  /** The same on existing {@code workers} (a trainer's, reused at every validation). */
  public static AccuracySummary evaluate(
      WorkerPool<? extends FewShotMethod> workers,
      String name,
      List<Episode> episodes,
      IntConsumer progress) {
    double[] accuracies = new double[episodes.size()];
    workers.forEach(
        accuracies.length,
        (copy, i) -> {
          accuracies[i] = copy.accuracy(episodes.get(i));
          progress.accept(i);
        });
    return of(name, accuracies);
  }

  /** Worker contexts over {@code method}: the method itself for worker 0, then copies. */
  public static <M extends FewShotMethod> IntFunction<M> copies(M method) {
    @SuppressWarnings("unchecked")
    IntFunction<M> copies = w -> w == 0 ? method : (M) method.copy();
    return copies;
  }
}
