package io.learnopt.spark;

import io.learnopt.outer.PesWorker;
import io.learnopt.outer.TruncationWorker;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What one executor JVM keeps between Spark tasks: the workers of the runs it serves (θ and the
 * rule's state carried from one truncation to the next, BPTT's or PES's) and the problems they read
 * (parsed, datasets loaded, once per JVM). A worker that is not here, or not at the truncation
 * asked for, catches up by replaying ({@link TruncationWorker#run}), so nothing is lost if Spark
 * moves a group to another executor.
 */
final class ExecutorState {
  private static final ConcurrentHashMap<String, Object> WORKERS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Problem> PROBLEMS = new ConcurrentHashMap<>();

  private ExecutorState() {}

  /** Group {@code group}'s BPTT worker of the run of {@code spec}, built on first use. */
  static TruncationWorker worker(GroupSpec spec, int group) {
    return (TruncationWorker)
        WORKERS.computeIfAbsent(spec.runId() + "/" + group, k -> spec.bptt(group));
  }

  /** Group {@code group}'s PES worker of the run of {@code spec}, built on first use. */
  static PesWorker pesWorker(GroupSpec spec, int group) {
    return (PesWorker) WORKERS.computeIfAbsent(spec.runId() + "/" + group, k -> spec.pes(group));
  }

  /** The problem of {@code spec} with data from {@code dataDir} (null: the shipped data). */
  static Problem problem(String spec, String dataDir) {
    return PROBLEMS.computeIfAbsent(
        spec + "\u0000" + dataDir,
        k -> Problems.parse(spec, dataDir == null ? null : Path.of(dataDir)));
  }

  /** Drops the workers of run {@code runId}. */
  static void forget(String runId) {
    WORKERS.keySet().removeIf(k -> k.startsWith(runId + "/"));
  }

  /** Drops the workers of {@code spec}'s run here and on the executors its groups ran on. */
  static void forgetEverywhere(JavaSparkContext sc, GroupSpec spec) {
    String runId = spec.runId();
    sc.parallelize(IntStream.range(0, spec.groups()).boxed().toList(), spec.groups())
        .foreach(g -> forget(runId));
    forget(runId);
  }

  /** Workers held for run {@code runId} (tests). */
  static long workers(String runId) {
    return WORKERS.keySet().stream().filter(k -> k.startsWith(runId + "/")).count();
  }
}
