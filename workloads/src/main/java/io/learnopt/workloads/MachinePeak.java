package io.learnopt.workloads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;

/**
 * The machine's peak single-precision FLOP rate per core, computed the textbook way: FMA units ×
 * float lanes per vector × 2 (an FMA is two operations) × clock. The clock is the one the kernel
 * reports in /proc/cpuinfo (under a hypervisor, the nominal one; turbo may run higher, which the
 * measured {@code fma-peak} workload reveals). Override with {@code -Dlearnopt.peak.ghz=} and
 * {@code -Dlearnopt.peak.fmaUnits=}.
 *
 * @param fmaUnits vector FMA pipes per core (2 on AMD Zen 4/5 and most AVX-512 Xeons)
 * @param lanes floats per vector register the JVM uses
 * @param ghz clock in GHz
 * @param clockSource where the clock came from
 */
public record MachinePeak(int fmaUnits, int lanes, double ghz, String clockSource) {

  /** Detects lanes from the Vector API and the clock from /proc/cpuinfo. */
  public static MachinePeak detect() {
    int lanes = FloatVector.SPECIES_PREFERRED.length();
    int units = Integer.getInteger("learnopt.peak.fmaUnits", 2);
    String override = System.getProperty("learnopt.peak.ghz");
    if (override != null) {
      return new MachinePeak(units, lanes, Double.parseDouble(override), "-Dlearnopt.peak.ghz");
    }
    double mhz = cpuinfoMhz(Path.of("/proc/cpuinfo"));
    return mhz > 0
        ? new MachinePeak(units, lanes, mhz / 1000, "/proc/cpuinfo 'cpu MHz'")
        : new MachinePeak(units, lanes, 2.0, "assumed (no /proc/cpuinfo clock)");
  }

  static double cpuinfoMhz(Path cpuinfo) {
    try {
      List<String> lines = Files.readAllLines(cpuinfo);
      for (String line : lines) {
        if (line.startsWith("cpu MHz")) {
          return Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Peak GFLOP/s of one core. */
  public double gflopsPerCore() {
    return fmaUnits * lanes * 2 * ghz;
  }

  /** Peak GFLOP/s of {@code cores} cores. */
  public double gflops(int cores) {
    return cores * gflopsPerCore();
  }

  /** How the peak of {@code cores} cores was computed, for printing. */
  public String describe(int cores) {
    return String.format(
        Locale.ROOT,
        "%d core(s) × %d FMA units × %d float lanes × 2 flop/FMA × %.3f GHz (%s) = %.1f GFLOP/s",
        cores,
        fmaUnits,
        lanes,
        ghz,
        clockSource,
        gflops(cores));
  }
}
