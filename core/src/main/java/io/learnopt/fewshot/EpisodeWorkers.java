package io.learnopt.fewshot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent per-episode work on a few threads. Each thread works with its own copy of the
 * method ({@link FewShotMethod#copy()}) and every result lands at its episode's index, so the
 * results do not depend on the thread count or the scheduling.
 */
final class EpisodeWorkers {
  private EpisodeWorkers() {}

  /** Work on episode {@code index} with the calling worker's {@code method} copy. */
  interface Work<M extends FewShotMethod> {
    void run(M method, int index);
  }

  /**
   * Calls {@code work} once for each index in [0, count), on {@code threads} threads (the caller
   * alone if 1). The first exception thrown by any call is rethrown after the others stop.
   */
  @SuppressWarnings("unchecked")
  static <M extends FewShotMethod> void forEach(M method, int count, int threads, Work<M> work) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    int workers = Math.min(threads, count);
    if (workers <= 1) {
      for (int i = 0; i < count; i++) {
        work.run(method, i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        M own = w == 0 ? method : (M) method.copy();
        futures.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    work.run(own, i);
                  }
                }));
      }
      for (Future<?> f : futures) {
        await(f, next, count);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(Future<?> future, AtomicInteger next, int count) {
    try {
      future.get();
    } catch (ExecutionException e) {
      next.set(count); // the other workers take no new episode
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while evaluating episodes", e);
    }
  }
}
