package io.learnopt.outer;

import io.learnopt.MemoryBudget;
import io.learnopt.eval.Evaluator;
import io.learnopt.eval.TaskSeeds;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.lopt.MetaParameters;
import io.learnopt.problem.Problem;
import io.learnopt.tasks.ProblemTasks;
import io.learnopt.tensor.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The L2L setting (Andrychowicz et al. 2016, §2–3) assembled from the core's parts: a learned rule
 * meta-trained by the {@link OuterTrainer} on a problem's tasks by {@link TruncatedBptt} of Σ_t w_t
 * f(θ_t), validated by its mean final loss on held-out tasks. Owns the estimator's threads, so
 * close it.
 *
 * @param problem the problem meta-trained on
 * @param rule the learned rule
 * @param config the settings
 * @param estimator the gradient estimator (truncated BPTT or PES over the problem's tasks)
 * @param trainer the outer trainer
 */
public record ProblemMetaTraining(
    Problem problem,
    LearnedOptimizer rule,
    MetaTrainingConfig config,
    GradientEstimator estimator,
    OuterTrainer trainer)
    implements AutoCloseable {

  /**
   * Fails before sampling if a batch of tasks with its unroll and the validation tasks in flight
   * cannot fit in the heap.
   */
  private static void requireMemory(
      Problem problem, LearnedOptimizer rule, MetaTrainingConfig config, PesSettings pes) {
    long coordinates = problem.taskCoordinates();
    // BPTT keeps an unroll's activations; PES keeps, per particle (two per pair), θ, ∇, u and the
    // rule's per-coordinate state, of the order of one step's unroll.
    long perTask =
        pes == null
            ? MemoryBudget.sum(
                problem.taskBytes(),
                rule.unrollBytes(coordinates, config.unroll()),
                MemoryBudget.product(coordinates, 16))
            : MemoryBudget.sum(
                problem.taskBytes(),
                MemoryBudget.product(
                    2L * pes.pairsPerTask(),
                    MemoryBudget.sum(
                        MemoryBudget.product(coordinates, 12), rule.unrollBytes(coordinates, 1))));
    long validating = Math.min(config.threads(), config.evalTasks());
    MemoryBudget.require(
        MemoryBudget.sum(
            MemoryBudget.product(config.tasksPerEpoch(), perTask),
            MemoryBudget.product(validating, problem.taskBytes()),
            MemoryBudget.product(config.evalTasks(), 64)),
        "meta-training on "
            + config.tasksPerEpoch()
            + " tasks of "
            + problem.name()
            + (pes == null
                ? " with unrolls of " + config.unroll() + " steps"
                : " with " + pes.pairsPerTask() + " PES pairs each")
            + " and "
            + config.evalTasks()
            + " validation tasks",
        "lower --tasks-per-epoch, --unroll, --pes-pairs or --eval-tasks, use a smaller problem,"
            + " or pass --recompute");
  }

  /**
   * PES instead of truncated BPTT.
   *
   * @param pairsPerTask antithetic pairs of particles per task
   * @param sigma standard deviation of the perturbations of φ
   */
  public record PesSettings(int pairsPerTask, float sigma) implements java.io.Serializable {}

  /** Meta-training of {@code rule} on {@code problem} with {@code config}, by truncated BPTT. */
  public static ProblemMetaTraining of(
      Problem problem, LearnedOptimizer rule, MetaTrainingConfig config) {
    return of(problem, rule, config, (PesSettings) null);
  }

  /**
   * Where truncated BPTT's groups run: {@link TruncatedBptt} in this process by default; a
   * distributed estimator (the Spark module's) over the same groups gives the same gradients.
   */
  public interface BpttFactory {
    /**
     * The estimator over {@code groups} groups of each batch of {@code tasks}, on up to {@code
     * threads} threads of this process.
     */
    GradientEstimator create(
        MetaParameters layout,
        ProblemTasks tasks,
        Objective objective,
        TruncatedBptt.Truncation truncation,
        int groups,
        int threads);
  }

  /**
   * Where PES's groups of tasks run: {@link Pes}'s own workers in this process by default; a
   * distributed estimator (the Spark module's) over {@link PesWorker}s gives the same estimate.
   */
  public interface PesFactory {
    /** The groups of each batch of {@code tasks}, for a {@link Pes} with {@code pes} settings. */
    Pes.Groups create(
        LearnedOptimizer rule,
        ProblemTasks tasks,
        Objective.StepWeighted objective,
        TruncatedBptt.Truncation truncation,
        PesSettings pes,
        long seed,
        int threads);
  }

  /** Truncated BPTT's groups in this process. */
  private static final BpttFactory LOCAL_BPTT = TruncatedBptt::new;

  /** PES's groups in this process. */
  private static final PesFactory LOCAL_PES =
      (rule, tasks, objective, truncation, pes, seed, threads) ->
          Pes.local(
              rule, tasks, objective, truncation, pes.pairsPerTask(), pes.sigma(), seed, threads);

  /** As above, by PES if {@code pes} is not null. */
  public static ProblemMetaTraining of(
      Problem problem, LearnedOptimizer rule, MetaTrainingConfig config, PesSettings pes) {
    return of(problem, rule, config, pes, null, null);
  }

  /** By truncated BPTT whose groups {@code bptt} runs. */
  public static ProblemMetaTraining of(
      Problem problem, LearnedOptimizer rule, MetaTrainingConfig config, BpttFactory bptt) {
    return of(problem, rule, config, null, bptt, null);
  }

  /**
   * By PES if {@code pes} is not null, its groups run by {@code pesGroups}, else by truncated BPTT
   * whose groups {@code bptt} runs; either factory null: in this process.
   */
  public static ProblemMetaTraining of(
      Problem problem,
      LearnedOptimizer rule,
      MetaTrainingConfig config,
      PesSettings pes,
      BpttFactory bptt,
      PesFactory pesGroups) {
    requireMemory(problem, rule, config, pes);
    MetaParameters layout = MetaParameters.ruleOnly(rule);
    ProblemTasks tasks = new ProblemTasks(problem, config.seed());
    Objective.StepWeighted objective = new Objective.StepWeighted(config.weighting());
    TruncatedBptt.Truncation truncation = config.truncation();
    GradientEstimator estimator =
        pes == null
            ? (bptt != null ? bptt : LOCAL_BPTT)
                .create(
                    layout,
                    tasks,
                    objective,
                    truncation,
                    Math.min(config.threads(), config.tasksPerEpoch()),
                    config.threads())
            : new Pes(
                truncation,
                pes.pairsPerTask(),
                pes.sigma(),
                config.seed(),
                (pesGroups != null ? pesGroups : LOCAL_PES)
                    .create(
                        rule, tasks, objective, truncation, pes, config.seed(), config.threads()));
    Evaluator evaluator = new Evaluator(config.threads(), false);
    long[] seeds = TaskSeeds.VALIDATION.seeds(config.seed(), 0, config.evalTasks());
    Validator validator =
        new Validator() {
          @Override
          public double score(float[] phi) {
            return evaluator
                .run(rule.bind(phi), problem, seeds, config.horizon())
                .finalSummary()
                .mean();
          }

          @Override
          public boolean higherIsBetter() {
            return false;
          }
        };
    OuterConfig outer =
        new OuterConfig(
            config.epochs(),
            config.learningRate(),
            config.clipNorm(),
            config.evalEvery(),
            false,
            "epoch");
    OuterTrainer trainer = new OuterTrainer(estimator, validator, outer, layout.size());
    return new ProblemMetaTraining(problem, rule, config, estimator, trainer);
  }

  /** A fresh state: φ initialized from the run's seed. */
  public OuterState initialState() {
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(Rng.forKey(config.seed(), 0x9d1L), phi);
    return trainer.initialState(phi);
  }

  /** Trains from {@code state} (see {@link OuterTrainer#train}). */
  public OuterState train(OuterState state, TrainingListener listener) {
    return trainer.train(state, listener);
  }

  /**
   * The settings as metadata, recorded in checkpoints and model files; the {@link #MUST_MATCH} keys
   * must be equal for {@code --resume} to continue a run.
   */
  public Map<String, String> settings() {
    MetaTrainingConfig c = config;
    Map<String, String> m = new LinkedHashMap<>();
    m.put("problem", problem.name());
    m.put("epochs", Integer.toString(c.epochs()));
    m.put("unroll", Integer.toString(c.unroll()));
    m.put("horizon", Integer.toString(c.horizon()));
    m.put("min_horizon", Integer.toString(c.minHorizon()));
    m.put("tasks_per_epoch", Integer.toString(c.tasksPerEpoch()));
    m.put("lr", Double.toString(c.learningRate()));
    m.put("clip", Double.toString(c.clipNorm()));
    m.put("eval_every", Integer.toString(c.evalEvery()));
    m.put("eval_tasks", Integer.toString(c.evalTasks()));
    m.put("seed", Long.toString(c.seed()));
    m.put("weighting", c.weighting().cliName());
    // A distributed BPTT estimator computes the same gradients: its runs resume locally and back.
    m.put("estimator", estimator instanceof Pes ? "pes" : "bptt");
    if (estimator instanceof Pes pes) {
      m.put("pes_pairs", Integer.toString(pes.pairsPerTask()));
      m.put("pes_sigma", Float.toString(pes.sigma()));
    }
    return m;
  }

  /** Settings that a resumed run must share with its checkpoint. */
  public static final java.util.List<String> MUST_MATCH =
      java.util.List.of(
          "problem",
          "unroll",
          "horizon",
          "min_horizon",
          "tasks_per_epoch",
          "lr",
          "clip",
          "seed",
          "eval_tasks",
          "weighting",
          "estimator");

  @Override
  public void close() {
    estimator.close();
  }
}
