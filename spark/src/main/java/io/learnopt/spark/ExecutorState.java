package io.learnopt.spark;

import io.learnopt.outer.TruncationWorker;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one executor JVM keeps between Spark tasks: the truncation workers of the runs it serves (θ
 * and the rule's state carried from one truncation to the next) and the problems they read (parsed,
 * datasets loaded, once per JVM). A worker that is not here, or not at the truncation asked for,
 * catches up by replaying ({@link TruncationWorker#run}), so nothing is lost if Spark moves a group
 * to another executor.
 */
final class ExecutorState {
  private static final ConcurrentHashMap<String, TruncationWorker> WORKERS =
      new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Problem> PROBLEMS = new ConcurrentHashMap<>();

  private ExecutorState() {}

  /** Group {@code group}'s worker of the run of {@code spec}, built on first use. */
  static TruncationWorker worker(GroupSpec spec, int group) {
    return WORKERS.computeIfAbsent(spec.runId() + "/" + group, k -> spec.build(group));
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

  /** Workers held for run {@code runId} (tests). */
  static long workers(String runId) {
    return WORKERS.keySet().stream().filter(k -> k.startsWith(runId + "/")).count();
  }
}
