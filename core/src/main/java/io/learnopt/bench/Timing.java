package io.learnopt.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Wall-clock times of a workload's repetitions after warm-up, and the heap it holds.
 *
 * <p>The heap figure is what stays live after the timed repetitions, measured after a full GC while
 * the workload's buffers are still reachable: its steady-state footprint (including the JVM's few
 * MB of its own). A raw high-water mark would mostly count garbage from the interpreter's boxed
 * vectors during warm-up.
 *
 * @param timesMs per-repetition times, sorted
 * @param peakHeapMb heap live at the end of the workload, MiB
 */
public record Timing(double[] timesMs, double peakHeapMb) {

  /** Something to time: {@link #prepare} runs untimed before every repetition. */
  public interface Body {
    /** Untimed set-up of the next repetition. */
    default void prepare() throws Exception {}

    /** The timed work. */
    void run() throws Exception;
  }

  /** Runs {@code warmup} untimed and {@code reps} timed repetitions of {@code body}. */
  public static Timing measure(int warmup, int reps, Body body) throws Exception {
    if (reps < 1 || warmup < 0) {
      throw new IllegalArgumentException("need reps ≥ 1 and warmup ≥ 0");
    }
    for (int i = 0; i < warmup; i++) {
      body.prepare();
      body.run();
    }
    double[] times = new double[reps];
    for (int i = 0; i < reps; i++) {
      body.prepare();
      long start = System.nanoTime();
      body.run();
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(times);
    System.gc();
    long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    // Keeps the body (and the buffers it captures) reachable until the heap was measured.
    java.lang.ref.Reference.reachabilityFence(body);
    return new Timing(times, live / (1024.0 * 1024.0));
  }

  /** Median time. */
  public double medianMs() {
    int n = timesMs.length;
    return n % 2 == 1 ? timesMs[n / 2] : (timesMs[n / 2 - 1] + timesMs[n / 2]) / 2;
  }

  /** Fastest time. */
  public double minMs() {
    return timesMs[0];
  }

  /** Number of timed repetitions. */
  public int reps() {
    return timesMs.length;
  }
}
