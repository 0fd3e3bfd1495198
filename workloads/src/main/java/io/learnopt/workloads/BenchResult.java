package io.learnopt.workloads;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One workload's figures, printed as one JSON line: {@code workload, threads, coords, median_ms,
 * min_ms, gflops, peak_heap_mb} and workload-specific extras.
 *
 * @param workload name
 * @param threads threads used
 * @param coords optimizee coordinates (or vector lanes for {@code fma-peak})
 * @param timing per-repetition wall times
 * @param flopsPerRep floating-point operations per repetition (≤ 0: not counted)
 * @param peakHeapMb peak heap in use while the workload ran, MiB
 * @param extras further keys
 */
public record BenchResult(
    String workload,
    int threads,
    long coords,
    Timing timing,
    double flopsPerRep,
    double peakHeapMb,
    Map<String, Object> extras) {

  /** Achieved GFLOP/s at the median time, or null when the workload does not count FLOPs. */
  public Double gflops() {
    return flopsPerRep > 0 ? flopsPerRep / (timing.medianMs() * 1e6) : null;
  }

  /** The JSON object, keys in the documented order. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workload", workload);
    m.put("threads", threads);
    m.put("coords", coords);
    m.put("median_ms", round(timing.medianMs()));
    m.put("min_ms", round(timing.minMs()));
    Double g = gflops();
    m.put("gflops", g == null ? null : round(g));
    m.put("peak_heap_mb", round(peakHeapMb));
    m.put("reps", timing.reps());
    m.putAll(extras);
    return m;
  }

  static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
