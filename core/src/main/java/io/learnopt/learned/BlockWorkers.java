package io.learnopt.learned;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * How the coordinate blocks of a step or a backward pass are split over a {@link ForkJoinPool}
 * (null: everything on the calling thread). Blocks touch disjoint columns of every buffer, so they
 * need no synchronisation; what the backward pass sums, each worker sums over a fixed contiguous
 * range of blocks, so the result does not depend on scheduling.
 */
final class BlockWorkers {
  private BlockWorkers() {}

  /** What one worker does with its blocks [first, end). */
  interface Range {
    void run(int worker, int first, int end);
  }

  /** Workers for {@code blocks} blocks on {@code pool} (null: one, the calling thread). */
  static int workers(ForkJoinPool pool, int blocks) {
    return pool == null ? 1 : Math.min(pool.getParallelism(), blocks);
  }

  /** Runs {@code body} for every block, in any order, on {@code pool} if there are two or more. */
  static void forEachBlock(ForkJoinPool pool, int blocks, IntConsumer body) {
    if (pool == null || blocks < 2) {
      for (int k = 0; k < blocks; k++) {
        body.accept(k);
      }
      return;
    }
    pool.submit(() -> IntStream.range(0, blocks).parallel().forEach(body)).join();
  }

  /**
   * Runs {@code body} for each worker's contiguous range of blocks, on {@code pool} when there is
   * more than one worker. Both stores partition this way, so their sums are added in the same order
   * whatever the scheduling.
   */
  static void forEachWorker(ForkJoinPool pool, int workers, int blocks, Range body) {
    if (workers == 1) {
      body.run(0, 0, blocks);
      return;
    }
    pool.submit(
            () ->
                IntStream.range(0, workers)
                    .parallel()
                    .forEach(w -> body.run(w, w * blocks / workers, (w + 1) * blocks / workers)))
        .join();
  }
}
