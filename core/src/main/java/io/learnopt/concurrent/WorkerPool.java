package io.learnopt.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs independent indexed work items (tasks of a meta-batch, episodes of an evaluation) on a few
 * threads. Each thread works with its own context (a copy of the method with its own buffers, or a
 * worker's task group); the first context belongs to the caller's thread when there is one thread.
 * Every item writes its result at its own index, so results do not depend on the thread count or
 * the scheduling. Contexts and threads live as long as this object, so a trainer that runs
 * thousands of small batches makes them once. The one worker pool of meta-training and evaluation.
 *
 * @param <W> a worker's context
 */
public final class WorkerPool<W> implements AutoCloseable {
  /** Work on item {@code index} with the calling worker's {@code context}. */
  public interface Work<W> {
    /** Does item {@code index}. */
    void run(W context, int index);
  }

  private final List<W> contexts = new ArrayList<>();
  private final ExecutorService pool;

  /** {@code threads} workers, worker w with context {@code context.apply(w)}; 1: the caller. */
  public WorkerPool(int threads, IntFunction<W> context) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    for (int w = 0; w < threads; w++) {
      contexts.add(context.apply(w));
    }
    pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
  }

  /** One call of {@link #forEach(int, Work)} on {@code min(threads, count)} temporary workers. */
  public static <W> void forEach(int count, int threads, IntFunction<W> context, Work<W> work) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    try (WorkerPool<W> workers = new WorkerPool<>(Math.max(1, Math.min(threads, count)), context)) {
      workers.forEach(count, work);
    }
  }

  /** Number of workers. */
  public int threads() {
    return contexts.size();
  }

  /**
   * Calls {@code work} once for each index in [0, count) and returns when every call has returned.
   * If a call throws, no worker starts another item, and the first exception (the others suppressed
   * in it) is rethrown once all workers have stopped.
   */
  public void forEach(int count, Work<W> work) {
    if (pool == null) {
      for (int i = 0; i < count; i++) {
        work.run(contexts.get(0), i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (W own : contexts) {
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
      throw new IllegalStateException("interrupted while running work items", e);
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
