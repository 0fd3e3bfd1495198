package io.learnopt.spark;

import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.lopt.MetaParameters;
import io.learnopt.outer.Objective;
import io.learnopt.outer.PesWorker;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.outer.TruncatedBptt;
import io.learnopt.outer.TruncationWorker;
import io.learnopt.tasks.ProblemTasks;
import java.io.Serializable;

/**
 * What an executor needs to build the worker of one group of a meta-training run (a {@link
 * TruncationWorker} for truncated BPTT, a {@link PesWorker} for PES): the problem as its spec
 * string (an executor parses it and reads its data itself: datasets never travel), the rule's
 * architecture, the objective and the truncation. The same inputs as the driver's own {@link
 * TruncatedBptt} would use, so the same gradients.
 *
 * @param runId the run this spec belongs to, so runs sharing executors keep their workers apart
 * @param problem the problem spec, e.g. {@code mnist-mlp:act=relu}
 * @param dataDir the data directory as given to the driver, or null for the shipped data
 * @param seed the run's seed (its tasks derive from it)
 * @param rule the learned rule
 * @param objective the meta-loss
 * @param truncation tasks per batch, unroll and horizons
 * @param groups groups per batch (Spark tasks per outer step)
 * @param pes PES's settings, or null for truncated BPTT
 */
record GroupSpec(
    String runId,
    String problem,
    String dataDir,
    long seed,
    LearnedOptimizer rule,
    Objective objective,
    TruncatedBptt.Truncation truncation,
    int groups,
    ProblemMetaTraining.PesSettings pes)
    implements Serializable {

  /** Group {@code group}'s worker, single-threaded (Spark runs one task per core). */
  TruncationWorker bptt(int group) {
    return new TruncationWorker(
        MetaParameters.ruleOnly(rule),
        new ProblemTasks(ExecutorState.problem(problem, dataDir), seed),
        objective,
        truncation,
        groups,
        group,
        null);
  }

  /** Group {@code group}'s PES worker. */
  PesWorker pes(int group) {
    return new PesWorker(
        rule,
        new ProblemTasks(ExecutorState.problem(problem, dataDir), seed),
        (Objective.StepWeighted) objective,
        truncation,
        pes.pairsPerTask(),
        pes.sigma(),
        seed,
        groups,
        group);
  }
}
