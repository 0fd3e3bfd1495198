package io.learnopt.eval;

import io.learnopt.LearnoptException;
import io.learnopt.optim.Optimizer;
import io.learnopt.problem.FinalMetrics;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an optimizer on tasks and records the loss at every step: θ_{t+1} = θ_t + u_t with u_t from
 * the optimizer for ∇f(θ_t). Tasks run in parallel, one per thread at a time; each task gets its
 * own optimizer state, so the result does not depend on the thread count.
 */
public final class Evaluator {
  private final int threads;
  private final boolean finalMetrics;
  private final Runner runner;

  /**
   * Where the (optimizer, task) runs of one call execute: threads of this process by default; the
   * Spark module runs them as Spark tasks. Every run is a pure function of its optimizer, problem,
   * task seed and step count, so any runner gives the same losses.
   */
  public interface Runner {
    /**
     * {@code runs[o][i]}: optimizer o on the task of {@code seeds[i]} for {@code steps} steps, with
     * the task's final metrics if {@code finalMetrics}.
     */
    TaskRun[][] runAll(
        List<Optimizer> optimizers, Problem problem, long[] seeds, int steps, boolean finalMetrics);
  }

  /** An evaluator that uses {@code threads} threads and collects tasks' final metrics. */
  public Evaluator(int threads) {
    this(threads, true);
  }

  /**
   * An evaluator that uses {@code threads} threads; {@code finalMetrics} false skips {@link
   * FinalMetrics} (full-dataset passes that validation during meta-training does not need).
   */
  public Evaluator(int threads, boolean finalMetrics) {
    this(threads, finalMetrics, null);
  }

  /** As above, the runs executed by {@code runner} (null: on {@code threads} local threads). */
  public Evaluator(int threads, boolean finalMetrics, Runner runner) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    this.threads = threads;
    this.finalMetrics = finalMetrics;
    this.runner = runner;
  }

  /** Every (optimizer, task) run on {@code threads} threads of this process. */
  public static Runner localRunner(int threads) {
    return (optimizers, problem, seeds, steps, finalMetrics) ->
        new Evaluator(threads, finalMetrics).runHere(optimizers, problem, seeds, steps);
  }

  /** This evaluator without final metrics: what a grid search, which reads only losses, needs. */
  public Evaluator lossesOnly() {
    return finalMetrics ? new Evaluator(threads, false, runner) : this;
  }

  /** The losses of {@code optimizer} on the tasks of {@code problem} with {@code taskSeeds}. */
  public LossCurves run(Optimizer optimizer, Problem problem, long[] taskSeeds, int steps) {
    return runAll(List.of(optimizer), problem, taskSeeds, steps).get(0);
  }

  /**
   * The losses of each of {@code optimizers} on the same tasks, all (optimizer, task) runs sharing
   * the threads: a grid search of few tasks per rate then keeps every thread busy.
   */
  public List<LossCurves> runAll(
      List<Optimizer> optimizers, Problem problem, long[] taskSeeds, int steps) {
    TaskRun[][] runs =
        runner == null
            ? runHere(optimizers, problem, taskSeeds, steps)
            : runner.runAll(optimizers, problem, taskSeeds, steps, finalMetrics);
    List<LossCurves> out = new ArrayList<>();
    for (TaskRun[] r : runs) {
      out.add(curves(r));
    }
    return out;
  }

  /** Every (optimizer, task) run on this process's threads. */
  private TaskRun[][] runHere(
      List<Optimizer> optimizers, Problem problem, long[] taskSeeds, int steps) {
    int tasks = taskSeeds.length;
    TaskRun[][] runs = new TaskRun[optimizers.size()][tasks];
    if (threads == 1) {
      for (int o = 0; o < optimizers.size(); o++) {
        for (int i = 0; i < tasks; i++) {
          runs[o][i] =
              runTask(optimizers.get(o), problem.sample(taskSeeds[i]), steps, finalMetrics);
        }
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<TaskRun>> futures = new ArrayList<>();
        for (Optimizer optimizer : optimizers) {
          for (long seed : taskSeeds) {
            futures.add(
                pool.submit(() -> runTask(optimizer, problem.sample(seed), steps, finalMetrics)));
          }
        }
        for (int o = 0; o < optimizers.size(); o++) {
          for (int i = 0; i < tasks; i++) {
            runs[o][i] = futures.get(o * tasks + i).get();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LearnoptException("evaluation interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new LearnoptException("evaluation failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return runs;
  }

  /** What one task's run produced: its loss curve and its final metrics (maybe empty). */
  public record TaskRun(double[] losses, Map<String, Double> metrics, double msPerStep)
      implements java.io.Serializable {}

  private static LossCurves curves(TaskRun[] runs) {
    double[][] losses = new double[runs.length][];
    double[] ms = new double[runs.length];
    Map<String, double[]> metrics = new LinkedHashMap<>();
    for (int i = 0; i < runs.length; i++) {
      losses[i] = runs[i].losses();
      ms[i] = runs[i].msPerStep();
      for (Map.Entry<String, Double> m : runs[i].metrics().entrySet()) {
        metrics.computeIfAbsent(m.getKey(), k -> new double[runs.length])[i] = m.getValue();
      }
    }
    return new LossCurves(losses, metrics, ms);
  }

  /**
   * One task: losses f(θ_0) … f(θ_steps), NaN from the first non-finite loss or gradient on; and
   * the task's final metrics at θ_steps (NaN for each if it diverged).
   */
  public static TaskRun runTask(Optimizer optimizer, Task task, int steps, boolean finalMetrics) {
    int n = task.dimension();
    float[] theta = task.initialParams();
    float[] grad = new float[n];
    float[] update = new float[n];
    Optimizer.State state = optimizer.init(task.groups());
    double[] losses = new double[steps + 1];
    long started = System.nanoTime();
    for (int t = 0; t <= steps; t++) {
      float loss = task.lossAndGradient(theta, t, grad);
      if (!Task.finite(loss, grad)) {
        java.util.Arrays.fill(losses, t, steps + 1, Double.NaN);
        return new TaskRun(
            losses,
            finalMetrics ? divergedMetrics(task) : Map.of(),
            (System.nanoTime() - started) / 1e6 / Math.max(t, 1));
      }
      losses[t] = loss;
      if (t == steps) {
        break;
      }
      optimizer.update(grad, theta, state, update);
      for (int i = 0; i < n; i++) {
        theta[i] += update[i];
      }
    }
    double msPerStep = (System.nanoTime() - started) / 1e6 / Math.max(steps, 1);
    Map<String, Double> metrics =
        finalMetrics && task instanceof FinalMetrics reporting
            ? reporting.finalMetrics(theta)
            : Map.of();
    return new TaskRun(losses, metrics, msPerStep);
  }

  private static Map<String, Double> divergedMetrics(Task task) {
    if (!(task instanceof FinalMetrics reporting)) {
      return Map.of();
    }
    // Same keys as a healthy run, so summaries line up; NaN counts as a failure in Summary.
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (String key : reporting.metricNames()) {
      metrics.put(key, Double.NaN);
    }
    return metrics;
  }
}
