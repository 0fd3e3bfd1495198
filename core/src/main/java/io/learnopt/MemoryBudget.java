package io.learnopt;

import java.util.Locale;

/**
 * Checks, before a large allocation, that the JVM's heap can hold it, so a run that cannot fit
 * fails at once with what it needs, what the JVM has and what to change, instead of thrashing the
 * garbage collector and dying with an {@link OutOfMemoryError} minutes later. Estimates are in long
 * arithmetic, so absurd sizes cannot overflow into small ones.
 */
public final class MemoryBudget {
  /** The share of the heap a single request may take: the rest is for everything else. */
  private static final double SHARE = 0.9;

  private MemoryBudget() {}

  /**
   * Throws a {@link UsageException} if {@code bytes} (negative: overflowed, i.e. absurdly many)
   * exceed what the heap can still give.
   *
   * @param what what needs the memory, e.g. "meta-training 32 tasks of quadratic:dim=1000"
   * @param remedy the options that shrink it, e.g. "lower --tasks-per-epoch or --unroll"
   */
  public static void require(long bytes, String what, String remedy) {
    Runtime runtime = Runtime.getRuntime();
    long max = runtime.maxMemory();
    long available = (long) (SHARE * (max - (runtime.totalMemory() - runtime.freeMemory())));
    if (bytes < 0 || bytes > available) {
      long ram = physicalMemory();
      long suggested = bytes < 0 ? -1 : (long) Math.ceil(1.25 * bytes / (1L << 30)) + 1;
      if (ram > 0) {
        suggested = Math.min(suggested, (long) (0.9 * ram / (1L << 30)));
      }
      String more =
          bytes >= 0 && (ram <= 0 || bytes < 0.9 * ram) && suggested * (1L << 30) > bytes
              ? String.format(
                  Locale.ROOT,
                  ", or give the JVM more heap (the learnopt launcher passes LEARNOPT_JAVA_OPTS,"
                      + " e.g. LEARNOPT_JAVA_OPTS=-Xmx%dg)",
                  suggested)
              : ram > 0 ? " (that is more than this machine's " + human(ram) + " of RAM)" : "";
      throw new UsageException(
          String.format(
              Locale.ROOT,
              "%s needs about %s of memory but the JVM has %s free (of %s max); %s%s",
              what,
              bytes < 0 ? "more than 8 EiB" : human(bytes),
              human(available),
              human(max),
              remedy,
              more));
    }
  }

  /** The machine's RAM in bytes, or 0 where the JVM cannot tell. */
  private static long physicalMemory() {
    try {
      return ((com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean())
          .getTotalMemorySize();
    } catch (ClassCastException | LinkageError e) {
      return 0;
    }
  }

  /**
   * {@code a × b × c} in bytes, or −1 if it overflows a long (which {@link #require} reports as too
   * much).
   */
  public static long product(long... factors) {
    long result = 1;
    for (long f : factors) {
      if (f < 0) {
        return -1;
      }
      try {
        result = Math.multiplyExact(result, f);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return result;
  }

  /** {@code a + b}, −1 if either is −1 or the sum overflows. */
  public static long sum(long... terms) {
    long result = 0;
    for (long t : terms) {
      if (t < 0) {
        return -1;
      }
      try {
        result = Math.addExact(result, t);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return result;
  }

  /** {@code bytes} as "12.3 GiB". */
  public static String human(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  }
}
