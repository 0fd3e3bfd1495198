package io.learnopt.workloads;

import io.learnopt.UsageException;
import io.learnopt.learned.BpttTrajectory;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmOptimizerFile;
import io.learnopt.learned.LstmParameters;
import io.learnopt.learned.LstmTrajectory;
import io.learnopt.lopt.GroupedRules;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.lopt.L2lModelFile;
import io.learnopt.lopt.MlpLopt;
import io.learnopt.lopt.MlpLoptConfig;
import io.learnopt.optim.Aliases;
import io.learnopt.optim.Optimizer;
import io.learnopt.outer.MetaTrainingConfig;
import io.learnopt.outer.OuterState;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.outer.TruncatedBptt;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import io.learnopt.problem.QuadraticProblem;
import io.learnopt.problem.Task;
import io.learnopt.tensor.ParameterGroups;
import io.learnopt.tensor.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * The benchmark workloads (definitions in bench/README.md, mirrored by bench/torch_reference.py):
 *
 * <ul>
 *   <li>{@code quad-meta}: one meta-training unroll (20 steps forward, BPTT, Adam on φ) of the 2×20
 *       LSTM on 128 quadratics of dimension 10 (1,280 coordinates);
 *   <li>{@code mnist-meta}: the same on one 784-20-10 sigmoid MLP, minibatches of 128 (15,910);
 *   <li>{@code mnist-apply}: one optimizee step with the LSTM optimizer (minibatch gradient, LSTM
 *       forward, update), {@code mnist-apply-adam}, the same step with Adam, and {@code
 *       mnist-apply-mlp-lopt}, with the per-parameter MLP optimizer;
 *   <li>{@code conv-apply}: the same on the paper's conv net ({@code cifar-conv} on the MNIST
 *       stand-in, 18,266 parameters) with one LSTM per parameter group, and {@code
 *       conv-apply-adam};
 *   <li>{@code lstm-scale}: LSTM forward + backward over a 20-step unroll of 10³…10⁶ coordinates
 *       fed fixed random gradients (the LSTM alone), storing activations where they fit in the
 *       heap, and {@code lstm-scale-recompute}, the same recomputing them (activation
 *       checkpointing);
 *   <li>{@code fma-peak}: independent vector FMAs in registers, the rate the cores really reach.
 * </ul>
 */
public final class Workloads {
  /** Workload names, in the order {@code bench} runs them. */
  public static final List<String> NAMES =
      List.of("fma-peak", "quad-meta", "mnist-meta", "mnist-apply", "conv-apply", "lstm-scale");

  /** Optimizee steps per unroll in every meta workload, as in the paper. */
  static final int UNROLL = 20;

  /** Coordinate counts of {@code lstm-scale}. */
  public static final int[] SCALE_SIZES = {1_000, 10_000, 100_000, 1_000_000};

  /**
   * How to run.
   *
   * @param threads worker threads
   * @param warmup untimed repetitions first
   * @param reps timed repetitions, exactly; {@link Timing#AUTO} for as many as a second takes
   * @param dataDir MNIST directory (null: the shipped copy)
   * @param model LSTM optimizer for {@code mnist-apply} (null or missing: freshly initialized φ;
   *     the cost does not depend on φ's values)
   * @param convModel two-LSTM optimizer for {@code conv-apply} (null or missing: freshly
   *     initialized φ)
   */
  public record Settings(
      int threads, int warmup, int reps, Path dataDir, Path model, Path convModel) {
    /** Validates the counts. */
    public Settings {
      if (threads < 1 || warmup < 0 || reps < 0) {
        throw new UsageException(
            "--threads and --reps must be positive and --warmup non-negative, got "
                + threads
                + ", "
                + reps
                + ", "
                + warmup);
      }
    }
  }

  private final Settings settings;
  private final MachinePeak peak;

  /** Workloads run with {@code settings}; FLOP rates compared with {@code peak}. */
  public Workloads(Settings settings, MachinePeak peak) {
    this.settings = settings;
    this.peak = peak;
  }

  /** Runs workload {@code name}; some produce several results (sizes, variants). */
  public List<BenchResult> run(String name) throws Exception {
    return switch (name) {
      case "fma-peak" -> List.of(fmaPeak());
      case "quad-meta" -> List.of(quadMeta());
      case "mnist-meta" -> List.of(mnistMeta());
      case "mnist-apply" -> mnistApply();
      case "conv-apply" -> convApply();
      case "lstm-scale" -> lstmScale();
      default -> throw unknown(name);
    };
  }

  /** The error for a workload name that is not one of {@link #NAMES}. */
  public static UsageException unknown(String name) {
    return new UsageException(
        "unknown workload '" + name + "': choose one of " + String.join(", ", NAMES));
  }

  private BenchResult fmaPeak() throws Exception {
    int threads = settings.threads();
    long iterations = 20_000_000L;
    ForkJoinPool pool = new ForkJoinPool(threads);
    float[] sink = new float[threads];
    try {
      Timing timing =
          Timing.measure(
              settings.warmup(),
              settings.reps(),
              () ->
                  pool.submit(
                          () ->
                              java.util.stream.IntStream.range(0, threads)
                                  .parallel()
                                  .forEach(t -> sink[t] = FmaLoop.run(iterations, t + 1)))
                      .join());
      double flops = (double) threads * iterations * FmaLoop.FMAS_PER_ITERATION * peak.lanes() * 2;
      return result(
          "fma-peak", peak.lanes(), timing, flops, extras("vector_bits", 32 * peak.lanes()));
    } finally {
      pool.shutdownNow();
    }
  }

  private BenchResult quadMeta() throws Exception {
    LstmParameters layout = new LstmParameters(LstmOptimizerConfig.paperQuadratic());
    return metaUnroll("quad-meta", new QuadraticProblem(10), layout, 128, 1e-3);
  }

  private BenchResult mnistMeta() throws Exception {
    LstmParameters layout = new LstmParameters(LstmOptimizerConfig.paperNeuralNet());
    return metaUnroll("mnist-meta", mnist(), layout, 1, 1e-2);
  }

  private Problem mnist() {
    return Problems.parse("mnist-mlp", settings.dataDir());
  }

  /** One unroll + meta-update per repetition; new tasks every horizon (untimed). */
  private BenchResult metaUnroll(
      String name, Problem problem, LstmParameters layout, int tasks, double lr) throws Exception {
    int unrolls = 5;
    MetaTrainingConfig config =
        MetaTrainingConfig.of(1, UNROLL, UNROLL * unrolls, tasks, lr, settings.threads());
    long coords;
    Timing timing;
    long activationBytes;
    try (ProblemMetaTraining training =
        ProblemMetaTraining.of(problem, new L2lLstm(layout.config()), config)) {
      OuterState state = training.initialState();
      TruncatedBptt estimator = (TruncatedBptt) training.estimator();
      long[] next = {0};
      timing =
          Timing.measure(
              settings.warmup(),
              settings.reps(),
              new Timing.Body() {
                @Override
                public void prepare() {
                  estimator.prepare(state.meta(), next[0]);
                }

                @Override
                public void run() {
                  training.trainer().step(state, next[0]);
                  next[0]++;
                }
              });
      activationBytes = estimator.activationBytes();
      coords = (long) tasks * problem.sample(0).dimension();
    }
    double flops = lstmFlops(layout.config(), coords, UNROLL);
    return result(name, coords, timing, flops, extras("activation_mb", mb(activationBytes)));
  }

  private List<BenchResult> mnistApply() throws Exception {
    LstmOptimizer lstm = lstm();
    Problem problem = mnist();
    List<BenchResult> results =
        new ArrayList<>(
            applyPair("mnist-apply", problem, pool -> lstm.withPool(pool), lstm.config()));
    MlpLopt mlp = new MlpLopt(MlpLoptConfig.standard());
    float[] phi = new float[mlp.parameterCount()];
    mlp.initialize(new Rng(1), phi);
    results.add(apply("mnist-apply-mlp-lopt", problem, mlp.bind(phi), null));
    return results;
  }

  private List<BenchResult> convApply() throws Exception {
    Problem problem = Problems.parse("cifar-conv", settings.dataDir());
    L2lModelFile model = convModel(problem.sample(0).groups());
    return applyPair("conv-apply", problem, pool -> model.optimizer(), model.config());
  }

  /** {@code name} with the learned optimizer, then {@code name-adam} with Adam, on one task. */
  private List<BenchResult> applyPair(
      String name,
      Problem problem,
      Function<ForkJoinPool, Optimizer> learned,
      LstmOptimizerConfig config)
      throws Exception {
    ForkJoinPool pool = settings.threads() > 1 ? new ForkJoinPool(settings.threads()) : null;
    try {
      List<BenchResult> results = new ArrayList<>();
      results.add(apply(name, problem, learned.apply(pool), config));
      results.add(apply(name + "-adam", problem, Aliases.adam(1e-3), null));
      return results;
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** The shipped two-LSTM model if given, else one freshly initialized LSTM per group. */
  private L2lModelFile convModel(ParameterGroups groups) {
    Path file = settings.convModel();
    if (file != null && Files.isRegularFile(file)) {
      return L2lModelFile.load(file);
    }
    GroupedRules rule =
        GroupedRules.of(groups.names(), new L2lLstm(LstmOptimizerConfig.paperNeuralNet()));
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(new Rng(1), phi);
    return L2lModelFile.of(rule, phi);
  }

  private LstmOptimizer lstm() {
    Path model = settings.model();
    if (model != null && Files.isRegularFile(model)) {
      return LstmOptimizerFile.load(model);
    }
    LstmParameters layout = new LstmParameters(LstmOptimizerConfig.paperNeuralNet());
    return new LstmOptimizer(layout, layout.initialize(new Rng(1)));
  }

  private BenchResult apply(
      String name, Problem problem, Optimizer optimizer, LstmOptimizerConfig lstmConfig)
      throws Exception {
    Task task = problem.sample(1);
    int n = task.dimension();
    float[] params = task.initialParams();
    float[] grad = new float[n];
    float[] update = new float[n];
    Optimizer.State state = optimizer.init(task.groups());
    int[] step = {0};
    Timing timing =
        Timing.measure(
            settings.warmup(),
            settings.reps(),
            () -> {
              task.lossAndGradient(params, step[0]++, grad);
              optimizer.update(grad, params, state, update);
              for (int i = 0; i < n; i++) {
                params[i] += update[i];
              }
            });
    double flops = lstmConfig == null ? 0 : (double) LstmFlops.forward(lstmConfig) * n;
    return result(name, n, timing, flops, extras("optimizer", optimizer.name()));
  }

  private List<BenchResult> lstmScale() throws Exception {
    LstmParameters layout = new LstmParameters(LstmOptimizerConfig.paperNeuralNet());
    float[] phi = layout.initialize(new Rng(1));
    ForkJoinPool pool = settings.threads() > 1 ? new ForkJoinPool(settings.threads()) : null;
    List<BenchResult> results = new ArrayList<>();
    try {
      for (boolean recompute : new boolean[] {false, true}) {
        for (int n : SCALE_SIZES) {
          if (!recompute
              && LstmTrajectory.storedBytes(layout, n, UNROLL)
                  > Runtime.getRuntime().maxMemory() / 2) {
            continue;
          }
          results.add(lstmScale(layout, phi, n, recompute, pool));
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    return results;
  }

  /** Timed repetitions at 10⁶ coordinates (seconds each): 3, or fewer if fewer were asked for. */
  static int largeReps(int reps) {
    return reps == Timing.AUTO ? 3 : Math.min(reps, 3);
  }

  private BenchResult lstmScale(
      LstmParameters layout, float[] phi, int n, boolean recompute, ForkJoinPool pool)
      throws Exception {
    BpttTrajectory trajectory = BpttTrajectory.create(layout, n, UNROLL, recompute);
    trajectory.setPool(pool);
    Rng rng = new Rng(n);
    float[][] grads = new float[UNROLL + 1][n];
    for (float[] g : grads) {
      rng.fillGaussian(g, 0f, 1f);
    }
    float[] update = new float[n];
    float[] dphi = new float[layout.size()];
    boolean large = n >= 1_000_000;
    Timing timing =
        Timing.measure(
            large ? Math.min(settings.warmup(), 1) : settings.warmup(),
            large ? largeReps(settings.reps()) : settings.reps(),
            new Timing.Body() {
              @Override
              public void prepare() {
                trajectory.resetState();
              }

              @Override
              public void run() {
                for (int t = 0; t < UNROLL; t++) {
                  trajectory.forwardStep(phi, t, grads[t], update);
                }
                trajectory.setFinalGradient(grads[UNROLL]);
                trajectory.backward(phi, null, 1f, dphi);
              }
            });
    double flops = lstmFlops(layout.config(), n, UNROLL);
    Map<String, Object> extras = extras("activation_mb", mb(trajectory.activationBytes()));
    extras.put("mode", recompute ? "recompute" : "stored");
    return result(recompute ? "lstm-scale-recompute" : "lstm-scale", n, timing, flops, extras);
  }

  /** LSTM forward + backward FLOPs of an unroll (the optimizee's own work not counted). */
  static double lstmFlops(LstmOptimizerConfig config, long coords, int steps) {
    return (double) (LstmFlops.forward(config) + LstmFlops.backward(config)) * coords * steps;
  }

  private BenchResult result(
      String name, long coords, Timing timing, double flops, Map<String, Object> extras) {
    BenchResult r =
        new BenchResult(
            name, settings.threads(), coords, timing, flops, timing.peakHeapMb(), extras);
    Double g = r.gflops();
    if (g != null) {
      double peakGflops = peak.gflops(settings.threads());
      extras.put("peak_gflops", BenchResult.round(peakGflops));
      extras.put("peak_fraction", BenchResult.round(g / peakGflops));
    }
    return r;
  }

  private static Map<String, Object> extras(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    return m;
  }

  private static double mb(long bytes) {
    return BenchResult.round(bytes / (1024.0 * 1024.0));
  }
}
