package io.learnopt.cli;

import io.learnopt.meta.MetaTrainingConfig;
import io.learnopt.problem.MnistMlpProblem;
import io.learnopt.problem.Problem;

/**
 * Meta-training defaults per kind of problem, what {@code train} uses for options the user left
 * out. Quadratics and the other small problems: many cheap epochs of 32 tasks. MNIST: one network
 * per epoch (each is 15,910 coordinates, enough work for every core), fewer epochs, validation on
 * fewer tasks, so the default run fits in 30 minutes on 2 cores.
 *
 * @param epochs epochs
 * @param tasksPerEpoch tasks per epoch
 * @param learningRate meta-learning rate
 * @param evalEvery epochs between validations
 * @param evalTasks validation tasks
 */
record TrainingDefaults(
    int epochs, int tasksPerEpoch, double learningRate, int evalEvery, int evalTasks) {

  /** These defaults with the paper's unroll 20 and horizon 100, no clipping, w_t = 1. */
  MetaTrainingConfig config(int epochs, long seed, int threads) {
    return new MetaTrainingConfig(
        epochs, 20, 100, tasksPerEpoch, learningRate, 0, evalEvery, evalTasks, seed, threads);
  }

  static TrainingDefaults forProblem(Problem problem) {
    if (problem instanceof MnistMlpProblem) {
      return new TrainingDefaults(400, 1, 1e-2, 25, 20);
    }
    return new TrainingDefaults(6000, 32, 1e-3, 200, 100);
  }
}
