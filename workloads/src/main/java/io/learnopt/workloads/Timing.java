package io.learnopt.workloads;

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

  /**
   * Warm-up continues for at least this long: C2 compiles a kernel only after thousands of calls or
   * loop iterations, so three repetitions of a millisecond workload would time the interpreter.
   */
  static final long MIN_WARMUP_NANOS = 2_000_000_000L;

  /** The timed repetitions also run for at least this long (up to 1000 of them). */
  static final long MIN_TIMED_NANOS = 1_000_000_000L;

  /**
   * Runs at least {@code warmup} untimed repetitions (more, until two seconds have passed, if
   * {@code warmup > 0}) and then at least {@code reps} timed repetitions of {@code body} (more, up
   * to 1000, until one second has passed).
   */
  public static Timing measure(int warmup, int reps, Body body) throws Exception {
    if (reps < 1 || warmup < 0) {
      throw new IllegalArgumentException("need reps ≥ 1 and warmup ≥ 0");
    }
    long warmupStart = System.nanoTime();
    for (int i = 0;
        i < warmup || (warmup > 0 && System.nanoTime() - warmupStart < MIN_WARMUP_NANOS);
        i++) {
      body.prepare();
      body.run();
    }
    // At least reps repetitions and at least a second of them, so the median of a millisecond
    // workload is not decided by one GC pause or recompilation.
    double[] times = new double[Math.max(reps, 16)];
    int count = 0;
    long timedStart = System.nanoTime();
    while (count < reps || (System.nanoTime() - timedStart < MIN_TIMED_NANOS && count < 1000)) {
      if (count == times.length) {
        times = Arrays.copyOf(times, 2 * times.length);
      }
      body.prepare();
      long start = System.nanoTime();
      body.run();
      times[count++] = (System.nanoTime() - start) / 1e6;
    }
    times = Arrays.copyOf(times, count);
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
