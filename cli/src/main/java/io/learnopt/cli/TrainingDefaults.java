package io.learnopt.cli;

import io.learnopt.meta.MetaTrainingConfig;
import io.learnopt.meta.StepWeighting;
import io.learnopt.problem.MnistMlpProblem;
import io.learnopt.problem.Problem;

/**
 * Meta-training defaults per kind of problem, what {@code train} uses for options the user left
 * out. Quadratics and the other small problems: many cheap epochs of 32 tasks, the paper's w_t = 1.
 * MNIST: one network per epoch (each is 15,910 coordinates, enough work for every core), fewer
 * epochs, validation on fewer tasks, so the default run fits in 30 minutes on 2 cores; and w_t =
 * t/T, which weighs the later steps the comparison is made at (with w_t = 1 the optimizer learned
 * to be fast early and then flattened; see models/README.md).
 *
 * @param epochs epochs
 * @param tasksPerEpoch tasks per epoch
 * @param learningRate meta-learning rate
 * @param evalEvery epochs between validations
 * @param evalTasks validation tasks
 * @param weighting meta-loss weights w_t
 */
record TrainingDefaults(
    int epochs,
    int tasksPerEpoch,
    double learningRate,
    int evalEvery,
    int evalTasks,
    StepWeighting weighting) {

  /** These defaults with the paper's unroll 20 and horizon 100, no clipping. */
  MetaTrainingConfig config(int epochs, long seed, int threads) {
    return new MetaTrainingConfig(
        epochs,
        20,
        100,
        tasksPerEpoch,
        learningRate,
        0,
        evalEvery,
        evalTasks,
        seed,
        threads,
        weighting);
  }

  static TrainingDefaults forProblem(Problem problem) {
    if (problem instanceof MnistMlpProblem) {
      return new TrainingDefaults(1000, 1, 1e-2, 25, 20, StepWeighting.LINEAR);
    }
    return new TrainingDefaults(6000, 32, 1e-3, 200, 100, StepWeighting.UNIFORM);
  }
}
