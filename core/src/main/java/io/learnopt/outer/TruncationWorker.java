package io.learnopt.outer;

import io.learnopt.lopt.MetaParameters;
import io.learnopt.problem.Task;
import io.learnopt.tasks.TaskSource;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * One group of truncated BPTT's task batch: the tasks {@code [g·n/G, (g+1)·n/G)} of each round's
 * batch of n, run as one {@link UnrollGroup}, able to compute the meta-gradient of any truncation
 * of any round. {@link TruncatedBptt} keeps one per group in memory and calls them in order; a
 * distributed estimator keeps them where its tasks run. A worker whose state is not at the
 * truncation asked for (a new round, or a process that did not run the earlier truncations) starts
 * the round's tasks and replays the earlier truncations forward only, with the meta-parameters each
 * of them used: the same arithmetic, so the same state and the same gradient, bit for bit.
 */
public final class TruncationWorker {
  private final TaskSource source;
  private final TruncatedBptt.Truncation truncation;
  private final int groups;
  private final int group;
  private final UnrollGroup unroll;
  private long round = -1;
  private int next;

  /**
   * Group {@code group} of {@code groups} of the batches of {@code source}; {@code blockPool} (or
   * null) splits each step's coordinates.
   */
  public TruncationWorker(
      MetaParameters layout,
      TaskSource source,
      Objective objective,
      TruncatedBptt.Truncation truncation,
      int groups,
      int group,
      ForkJoinPool blockPool) {
    if (groups < 1 || groups > truncation.tasksPerBatch() || group < 0 || group >= groups) {
      throw new IllegalArgumentException(
          "group " + group + " of " + groups + " for batches of " + truncation.tasksPerBatch());
    }
    this.source = source;
    this.truncation = truncation;
    this.groups = groups;
    this.group = group;
    this.unroll = new UnrollGroup(layout, objective, truncation.unroll(), blockPool);
  }

  /**
   * Starts round {@code round}'s tasks (θ₀ from {@code meta} if it is learned) unless they are
   * started and nothing has run yet; benchmarks call it to leave the start out of the time.
   */
  public void prepare(float[] meta, long round) {
    if (this.round != round || next != 0) {
      start(meta, round);
    }
  }

  private void start(float[] meta, long round) {
    List<Task> tasks = source.batch(round, truncation.tasksPerBatch());
    int n = tasks.size();
    unroll.start(tasks.subList(group * n / groups, (group + 1) * n / groups), meta);
    this.round = round;
    next = 0;
  }

  /**
   * The meta-gradient of truncation {@code u} of round {@code round} at {@code meta}, into {@link
   * #metaGradient()} (overwritten), scaled by 1/tasks per batch; returns the group's unweighted sum
   * of the losses the objective reads. {@code earlier.get(v)} is the meta-parameters truncation v
   * &lt; u ran with: needed only if this worker has not run them (else may be null).
   */
  public double run(float[] meta, long round, int u, List<float[]> earlier) {
    if (u < 0 || u >= truncation.steps(round)) {
      throw new IllegalArgumentException(
          "truncation " + u + " outside round " + round + "'s " + truncation.steps(round));
    }
    int horizon = truncation.horizon(round);
    if (this.round != round || next != u) {
      if (u > 0 && (earlier == null || earlier.size() < u)) {
        throw new IllegalStateException(
            "group "
                + group
                + " is at truncation "
                + next
                + " of round "
                + this.round
                + ", not "
                + u
                + " of round "
                + round
                + ", and was not given the meta-parameters to replay the truncations before");
      }
      start(u == 0 ? meta : earlier.get(0), round);
      for (int v = 0; v < u; v++) {
        unroll.advance(earlier.get(v), v * truncation.unroll(), horizon);
      }
      next = u;
    }
    double loss =
        unroll.unroll(meta, u * truncation.unroll(), horizon, 1f / truncation.tasksPerBatch());
    next = u + 1;
    return loss;
  }

  /** The meta-gradient of the last {@link #run}. */
  public float[] metaGradient() {
    return unroll.metaGradient;
  }

  /** Bytes the rule holds for BPTT (0 before the first tasks). */
  public long activationBytes() {
    return unroll.activationBytes();
  }
}
