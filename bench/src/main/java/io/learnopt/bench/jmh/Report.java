package io.learnopt.bench.jmh;

import io.learnopt.workloads.MachinePeak;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs this package's benchmarks and prints, for each, the time per operation and the achieved
 * GFLOP/s with its fraction of one core's peak ({@link MachinePeak}) — what JMH cannot print
 * itself, since it knows times but not FLOPs ({@link KernelFlops}).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * io.learnopt.bench.jmh.Report [JMH options] [regexp…]}. Defaults are modest, for a quick look on a
 * shared machine: 1 fork, 3 warm-up and 5 measured iterations of 1 s, every benchmark of this
 * package. JMH's own options override them ({@code -f}, {@code -wi}, {@code -i}, {@code -w}, {@code
 * -r}, {@code -p coordinates=1000}, {@code -rf json}, benchmark regexps); the mode is always
 * average time, since a rate needs time per operation.
 */
public final class Report {
  private static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

  private Report() {}

  /** Runs the benchmarks selected by {@code args} (JMH's command line) and prints the rates. */
  public static void main(String[] args) throws Exception {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      System.err.println(
          "Report: the Vector API is not loaded; run java with --add-modules jdk.incubator.vector");
      System.exit(2);
    }
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Report: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (cli.shouldHelp()) {
      cli.showHelp();
      return;
    }
    Collection<RunResult> results = new Runner(options(cli)).run();
    print(results, MachinePeak.detect(), System.out);
  }

  /**
   * {@code -XX:+UseTransparentHugePages} where the kernel gives huge pages only on request
   * ("madvise"), as the {@code learnopt} launcher does: with 4 KB pages some forks ran the 1.9 GB
   * unroll ~30% slower for their whole life (TLB misses), which made results depend on the fork.
   */
  static Optional<String> hugePagesFlag() {
    try {
      String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
      return mode.contains("[madvise]")
          ? Optional.of("-XX:+UseTransparentHugePages")
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not Linux, or no THP: nothing to ask for
    }
  }

  /** The command line's options, with this class's defaults where it sets none. */
  static Options options(CommandLineOptions cli) {
    // The forks read the kernels through the Vector API; JMH passes this JVM's own flags to them
    // too, but say it explicitly so that -jvmArgs on the command line cannot drop it.
    // The huge-page flag goes first, so a user's -XX:-UseTransparentHugePages still wins.
    List<String> append = new ArrayList<>(hugePagesFlag().stream().toList());
    append.addAll(cli.getJvmArgsAppend().orElse(List.of()));
    append.add(VECTOR_MODULE);
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .parent(cli)
            .mode(Mode.AverageTime)
            .timeUnit(TimeUnit.NANOSECONDS)
            .jvmArgsAppend(append.toArray(String[]::new));
    if (cli.getIncludes().isEmpty()) {
      options.include(Report.class.getPackageName().replace(".", "\\.") + "\\..*Benchmark");
    }
    if (!cli.getForkCount().hasValue()) {
      options.forks(1);
    }
    if (!cli.getWarmupIterations().hasValue()) {
      options.warmupIterations(3);
    }
    if (!cli.getWarmupTime().hasValue()) {
      options.warmupTime(TimeValue.seconds(1));
    }
    if (!cli.getMeasurementIterations().hasValue()) {
      options.measurementIterations(5);
    }
    if (!cli.getMeasurementTime().hasValue()) {
      options.measurementTime(TimeValue.seconds(1));
    }
    return options.build();
  }

  /** One line per result: time per operation (± JMH's 99.9% interval), GFLOP/s, share of peak. */
  static void print(Collection<RunResult> results, MachinePeak peak, PrintStream out) {
    double peakGflops = peak.gflopsPerCore();
    out.println();
    out.println("Peak: " + peak.describe(1));
    out.printf(
        Locale.ROOT,
        "%-34s %-18s %14s %12s %9s %8s%n",
        "benchmark",
        "params",
        "time/op",
        "± (99.9%)",
        "GFLOP/s",
        "of peak");
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      Result<?> result = run.getPrimaryResult();
      double nanos = result.getScore();
      String name = params.getBenchmark();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      OptionalLong flops = KernelFlops.perOperation(params);
      // FLOPs per nanosecond are GFLOP/s.
      String rate = "—";
      String share = "—";
      if (flops.isPresent()) {
        double gflops = flops.getAsLong() / nanos;
        rate = String.format(Locale.ROOT, "%.2f", gflops);
        share = String.format(Locale.ROOT, "%.1f%%", 100 * gflops / peakGflops);
      }
      out.printf(
          Locale.ROOT,
          "%-34s %-18s %14s %12s %9s %8s%n",
          shortName,
          describe(params),
          time(nanos),
          Double.isNaN(result.getScoreError()) ? "" : time(result.getScoreError()),
          rate,
          share);
    }
  }

  private static String describe(BenchmarkParams params) {
    List<String> parts = new ArrayList<>();
    for (String key : params.getParamsKeys()) {
      parts.add(key + "=" + params.getParam(key));
    }
    return String.join(",", parts);
  }

  /** ns below 10 µs, µs below 10 ms, else ms. */
  private static String time(double nanos) {
    if (nanos < 1e4) {
      return String.format(Locale.ROOT, "%.1f ns", nanos);
    }
    if (nanos < 1e7) {
      return String.format(Locale.ROOT, "%.2f µs", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }
}
