package io.learnopt.problem;

import io.learnopt.learned.LstmOptimizerConfig;

/**
 * How to meta-train an L2L optimizer on a problem by default: the paper's settings where it gives
 * them, and settings that fit a 2-core machine where it does not. A library user gets them from
 * {@link Problem#recipe()}; the CLI fills every option the user left out from here.
 *
 * @param epochs epochs (rounds of fresh tasks)
 * @param tasksPerEpoch tasks optimized together per epoch
 * @param metaLearningRate Adam's learning rate on φ
 * @param evalEvery epochs between validations
 * @param evalTasks held-out validation tasks
 * @param weighting the meta-loss weights w_t
 * @param architecture the LSTM optimizer (shape, preprocessing, output scale)
 */
public record Recipe(
    int epochs,
    int tasksPerEpoch,
    double metaLearningRate,
    int evalEvery,
    int evalTasks,
    StepWeighting weighting,
    LstmOptimizerConfig architecture) {
  /** The paper's unroll: 20 optimizee steps per truncation. */
  public static final int UNROLL = 20;

  /** The paper's horizon: 100 optimizee steps per task. */
  public static final int HORIZON = 100;

  /**
   * Small problems (quadratics, polynomials, Rosenbrock): many cheap epochs of 32 tasks (the paper
   * used 128 quadratics; 32 learn as much per epoch at a quarter of the cost), the paper's w_t = 1,
   * log/sign preprocessing with output scale 0.1.
   */
  public static Recipe small() {
    return new Recipe(
        6000, 32, 1e-3, 200, 100, StepWeighting.UNIFORM, LstmOptimizerConfig.paperNeuralNet());
  }

  /** Quadratics: as {@link #small()} with raw gradients and output scale 1 (the paper's §3.1). */
  public static Recipe quadratic() {
    return small().withArchitecture(LstmOptimizerConfig.paperQuadratic());
  }

  /**
   * MNIST: one network per epoch (each is 15,910 coordinates, enough work for every core), fewer
   * epochs, validation on fewer tasks, so the default run fits in 30 minutes on 2 cores; and w_t =
   * t/T, which weighs the later steps the comparison is made at (with w_t = 1 the optimizer learned
   * to be fast early and then flattened; see models/README.md).
   */
  public static Recipe mnist() {
    return new Recipe(
        1000, 1, 1e-2, 25, 20, StepWeighting.LINEAR, LstmOptimizerConfig.paperNeuralNet());
  }

  /**
   * The paper's conv net (§3.3): as {@link #mnist()} with output scale 0.01 (the paper's code's;
   * with 0.1 the first unrolls overshoot and meta-training settles on an optimizer that barely
   * moves: loss 2.30 = ln 10 after 25 epochs, where 0.01 reaches 0.63 in 15), two networks per
   * epoch (one per core: a step of one network does not split over threads) and 250 epochs,
   * validated every 25 on 4 held-out networks, so a run fits in 45 minutes on 2 cores.
   */
  public static Recipe conv() {
    LstmOptimizerConfig paper = LstmOptimizerConfig.paperNeuralNet();
    return new Recipe(
        250,
        2,
        1e-2,
        25,
        4,
        StepWeighting.LINEAR,
        new LstmOptimizerConfig(
            paper.layers(), paper.hidden(), paper.preprocessing(), paper.p(), 0.01f));
  }

  /**
   * Neural art (§3.4): as {@link #conv()} (two images per epoch, output scale 0.01, so a step moves
   * pixels in [0, 1] by a few hundredths at most at first) with 300 epochs.
   */
  public static Recipe art() {
    Recipe conv = conv();
    return new Recipe(
        300,
        conv.tasksPerEpoch(),
        conv.metaLearningRate(),
        conv.evalEvery(),
        conv.evalTasks(),
        conv.weighting(),
        conv.architecture());
  }

  /** The same recipe with another LSTM. */
  public Recipe withArchitecture(LstmOptimizerConfig lstm) {
    return new Recipe(
        epochs, tasksPerEpoch, metaLearningRate, evalEvery, evalTasks, weighting, lstm);
  }
}
