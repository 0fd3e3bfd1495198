package io.learnopt.fewshot;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
   * alone if 1), and returns when every call has returned. If a call throws, no worker starts
   * another episode, and the first exception (the others suppressed in it) is rethrown once all
   * workers have stopped.
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
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // close() waits for every task; on interruption it interrupts them, and they stop taking work.
    try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
      for (int w = 0; w < workers; w++) {
        M own = w == 0 ? method : (M) method.copy();
        pool.execute(
            () -> {
              try {
                for (int i = next.getAndIncrement();
                    i < count && !Thread.currentThread().isInterrupted();
                    i = next.getAndIncrement()) {
                  work.run(own, i);
                }
              } catch (Throwable t) {
                next.set(count); // the other workers take no new episode
                if (!failure.compareAndSet(null, t)) {
                  failure.get().addSuppressed(t);
                }
              }
            });
      }
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new IllegalStateException("interrupted while running episodes");
    }
  }
}
