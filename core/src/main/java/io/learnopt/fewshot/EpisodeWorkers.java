package io.learnopt.fewshot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs independent per-episode work on a few threads. Each thread works with its own copy of the
 * method ({@link FewShotMethod#copy()}; the first is the method itself) and every result lands at
 * its episode's index, so the results do not depend on the thread count or the scheduling. The
 * copies and threads live as long as this object, so a trainer that runs thousands of small batches
 * makes them once.
 */
final class EpisodeWorkers<M extends FewShotMethod> implements AutoCloseable {
  /** Work on episode {@code index} with the calling worker's {@code method} copy. */
  interface Work<M extends FewShotMethod> {
    void run(M method, int index);
  }

  private final List<M> copies = new ArrayList<>();
  private final ExecutorService pool;

  /** {@code threads} workers over copies of {@code method}; 1 runs everything on the caller. */
  @SuppressWarnings("unchecked")
  EpisodeWorkers(M method, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    copies.add(method);
    for (int w = 1; w < threads; w++) {
      copies.add((M) method.copy());
    }
    pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
  }

  /** One call of {@link #forEach(int, Work)} on {@code min(threads, count)} temporary workers. */
  static <M extends FewShotMethod> void forEach(M method, int count, int threads, Work<M> work) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    try (EpisodeWorkers<M> workers =
        new EpisodeWorkers<>(method, Math.max(1, Math.min(threads, count)))) {
      workers.forEach(count, work);
    }
  }

  /**
   * Calls {@code work} once for each index in [0, count) and returns when every call has returned.
   * If a call throws, no worker starts another episode, and the first exception (the others
   * suppressed in it) is rethrown once all workers have stopped.
   */
  void forEach(int count, Work<M> work) {
    if (pool == null) {
      for (int i = 0; i < count; i++) {
        work.run(copies.get(0), i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (M own : copies) {
      tasks.add(
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
            return null;
          });
    }
    try {
      pool.invokeAll(tasks); // returns once every task has
    } catch (InterruptedException e) {
      next.set(count);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running episodes", e);
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
  }

  /** Stops the threads, after any work still running. */
  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }
}
