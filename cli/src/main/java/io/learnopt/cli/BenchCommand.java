package io.learnopt.cli;

import io.learnopt.io.Json;
import io.learnopt.workloads.BenchResult;
import io.learnopt.workloads.MachinePeak;
import io.learnopt.workloads.Timing;
import io.learnopt.workloads.Workloads;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code learnopt bench}: the fixed performance workloads, one JSON line per result. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Time learnopt's fixed workloads and print one JSON object per line on stdout:"
          + " {workload, threads, coords, median_ms, min_ms, gflops, peak_heap_mb, ...}"
          + " (median and min of the timed repetitions after the warm-up). The machine's peak FLOP"
          + " rate and how it was computed go to stderr. bench/compare.sh runs the same"
          + " workloads in PyTorch next to these.",
      "",
      "Workloads: fma-peak (vector FMA throughput actually reached), quad-meta (one"
          + " meta-training unroll on 128 quadratics, 1,280 coordinates), mnist-meta (one unroll"
          + " on a 784-20-10 MLP, 15,910 coordinates), mnist-apply (one optimizee step with the"
          + " LSTM optimizer, and with Adam), conv-apply (the same on the paper's conv net with"
          + " one LSTM per parameter group), lstm-scale (LSTM forward+backward of a 20-step unroll"
          + " for 10^3..10^6 coordinates, activations stored and recomputed).",
      "",
      "Example:",
      "  learnopt bench --workload mnist-meta --threads 1"
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--workload",
      description = "Run only this workload (default: all of ${COMPLETION-CANDIDATES}).",
      completionCandidates = WorkloadNames.class)
  String workload;

  @Option(names = "--threads", description = "Worker threads (default: the number of cores).")
  Integer threads;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      description =
          "Untimed repetitions first, continued until 2 s have passed; 0 = none (default:"
              + " ${DEFAULT-VALUE}; at most 1 for 10^6 coordinates).")
  int warmup;

  @Option(
      names = "--reps",
      description =
          "Timed repetitions, exactly this many (default: at least 10, and more until a second"
              + " has passed, up to 1000). 10^6 coordinates: at most 3 (default 3).")
  Integer reps;

  @Option(
      names = "--model",
      description =
          "LSTM optimizer for mnist-apply (default: models/mnist-l2l.safetensors; the time does"
              + " not depend on the weights).")
  Path model;

  @Option(
      names = "--conv-model",
      description = "Two-LSTM optimizer for conv-apply (default: models/conv-l2l.safetensors).")
  Path convModel;

  @Mixin DataOption data;

  /** The workload names, for picocli's help. */
  static final class WorkloadNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Workloads.NAMES.iterator();
    }
  }

  @Override
  public Integer call() throws Exception {
    int workers = Cli.threads(threads);
    if (reps != null) {
      Cli.requirePositive("--reps", reps);
    }
    List<String> names = workload == null ? Workloads.NAMES : List.of(workload);
    if (workload != null && !Workloads.NAMES.contains(workload)) {
      throw Workloads.unknown(workload);
    }
    MachinePeak peak = MachinePeak.detect();
    System.err.println("peak: " + peak.describe(workers));
    Path models = Path.of(System.getProperty("learnopt.home", "."), "models");
    Workloads workloads =
        new Workloads(
            new Workloads.Settings(
                workers,
                warmup,
                reps == null ? Timing.AUTO : reps,
                data.dir,
                model == null ? models.resolve("mnist-l2l.safetensors") : model,
                convModel == null ? models.resolve("conv-l2l.safetensors") : convModel),
            peak);
    for (String name : names) {
      System.err.println("running " + name + " (" + workers + " thread(s))…");
      for (BenchResult result : workloads.run(name)) {
        System.out.println(Json.write(result.toJson()));
        System.out.flush();
      }
    }
    return 0;
  }
}
