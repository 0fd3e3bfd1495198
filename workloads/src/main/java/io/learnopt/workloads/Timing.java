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

  /**
   * {@code reps} for "as many as a second takes": at least {@link #AUTO_MIN_REPS} timed repetitions
   * and more, up to {@link #AUTO_MAX_REPS}, until {@link #AUTO_TIMED_NANOS} have passed, so the
   * median of a millisecond workload is not decided by one GC pause or recompilation.
   */
  public static final int AUTO = 0;

  static final int AUTO_MIN_REPS = 10;
  static final int AUTO_MAX_REPS = 1000;
  static final long AUTO_TIMED_NANOS = 1_000_000_000L;

  /**
   * Runs at least {@code warmup} untimed repetitions (more, until two seconds have passed, if
   * {@code warmup > 0}) and then exactly {@code reps} timed repetitions of {@code body}, or with
   * {@code reps} = {@link #AUTO} as many as a second takes.
   */
  public static Timing measure(int warmup, int reps, Body body) throws Exception {
    if (reps < 0 || warmup < 0) {
      throw new IllegalArgumentException("need reps ≥ 0 (0 = AUTO) and warmup ≥ 0");
    }
    long warmupStart = System.nanoTime();
    for (int i = 0;
        i < warmup || (warmup > 0 && System.nanoTime() - warmupStart < MIN_WARMUP_NANOS);
        i++) {
      body.prepare();
      body.run();
    }
    boolean auto = reps == AUTO;
    double[] times = new double[auto ? 16 : reps];
    int count = 0;
    long timedStart = System.nanoTime();
    while (auto
        ? count < AUTO_MIN_REPS
            || (System.nanoTime() - timedStart < AUTO_TIMED_NANOS && count < AUTO_MAX_REPS)
        : count < reps) {
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
