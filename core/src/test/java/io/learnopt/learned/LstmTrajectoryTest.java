package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.problem.QuadraticProblem;
import io.learnopt.problem.Task;
import io.learnopt.tensor.Rng;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BPTT meta-gradient against central finite differences of the unrolled meta-loss, with the
 * same detach rule: the LSTM reads the gradients recorded on the base trajectory, so perturbing φ
 * moves θ_t and f(θ_t) but not the optimizer's inputs.
 */
class LstmTrajectoryTest {
  private static final int STEPS = 5;

  /** One unroll from the carried state; returns Σ w_t f(θ_t) and leaves θ_T in {@code theta}. */
  private static double unroll(
      LstmTrajectory trajectory,
      float[] phi,
      Task task,
      float[] theta,
      float[] firstGrad,
      float[] weights,
      float[][] recordedGrads,
      boolean record) {
    int n = task.dimension();
    float[] grad = firstGrad.clone();
    float[] update = new float[n];
    double loss = 0;
    for (int t = 0; t < STEPS; t++) {
      float[] input = record || recordedGrads == null ? grad : recordedGrads[t];
      if (record) {
        recordedGrads[t] = grad.clone();
      }
      trajectory.forwardStep(phi, t, input, update);
      for (int i = 0; i < n; i++) {
        theta[i] += update[i];
      }
      loss += weights[t + 1] * task.lossAndGradient(theta, t + 1, grad);
    }
    trajectory.setFinalGradient(grad);
    if (record) {
      recordedGrads[STEPS] = grad.clone();
    }
    return loss;
  }

  /** State after a first unroll with φ0, so the measured unroll starts from a non-zero state. */
  private static LstmTrajectory warmTrajectory(
      LstmParameters layout, float[] phi0, Task task, float[] theta, float[] grad) {
    LstmTrajectory trajectory = new LstmTrajectory(layout, task.dimension(), STEPS);
    trajectory.resetState();
    float[] weights = ones();
    float[] g = new float[task.dimension()];
    task.lossAndGradient(theta, 0, g);
    unroll(trajectory, phi0, task, theta, g, weights, null, false);
    trajectory.carryOver();
    task.lossAndGradient(theta, 0, grad);
    return trajectory;
  }

  private static float[] ones() {
    float[] w = new float[STEPS + 1];
    java.util.Arrays.fill(w, 1f);
    return w;
  }

  @ParameterizedTest
  @EnumSource(Preprocessing.class)
  void metaGradientMatchesFiniteDifferences(Preprocessing preprocessing) {
    assertMetaGradientMatchesFiniteDifferences(preprocessing, 3, 2);
  }

  /**
   * One layer (no layer reads another's h) and three (layer 2 reads h¹ from layer 1's buffer, which
   * itself holds only h¹).
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void metaGradientMatchesFiniteDifferencesForOtherDepths(int layers) {
    assertMetaGradientMatchesFiniteDifferences(Preprocessing.LOG_SIGN, 3, layers);
  }

  /** Three coordinate blocks, the last one narrower: the block-major buffers at their seams. */
  @Test
  void metaGradientMatchesFiniteDifferencesAcrossBlocks() {
    assertMetaGradientMatchesFiniteDifferences(
        Preprocessing.LOG_SIGN, 2 * BlockLayout.BLOCK + 85, 2);
  }

  /**
   * RNNprop: Adam inputs carried over from the warm-up unroll and the bounded output
   * scale·tanh(out), whose derivative the backward pass takes at an out it recomputes; one block
   * and three.
   */
  @ParameterizedTest
  @ValueSource(ints = {3, 2 * BlockLayout.BLOCK + 85})
  void rnnpropMetaGradientMatchesFiniteDifferences(int dimension) {
    assertMetaGradientMatchesFiniteDifferences(
        new LstmOptimizerConfig(2, 20, Preprocessing.ADAM, 10f, 0.05f, true, 20), dimension);
  }

  private static void assertMetaGradientMatchesFiniteDifferences(
      Preprocessing preprocessing, int dimension, int layers) {
    assertMetaGradientMatchesFiniteDifferences(
        new LstmOptimizerConfig(layers, 20, preprocessing, 10f, 0.05f), dimension);
  }

  private static void assertMetaGradientMatchesFiniteDifferences(
      LstmOptimizerConfig config, int dimension) {
    LstmParameters layout = new LstmParameters(config);
    float[] phi = layout.initialize(new Rng(3));
    Task task = new QuadraticProblem(dimension).sample(11);
    float[] weights = {0f, 0.5f, 1f, 1.5f, 2f, 3f};
    float lossScale = 0.25f;

    float[] theta = task.initialParams();
    float[] grad = new float[dimension];
    LstmTrajectory trajectory = warmTrajectory(layout, phi, task, theta, grad);
    float[][] recorded = new float[STEPS + 1][];
    unroll(trajectory, phi, task, theta.clone(), grad, weights, recorded, true);
    float[] dphi = new float[layout.size()];
    trajectory.backward(phi, weights, lossScale, dphi);

    Rng pick = new Rng(5);
    double maxAbs = 0;
    for (float v : dphi) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    assertTrue(maxAbs > 1e-3, "meta-gradient is (nearly) zero: the test would prove nothing");
    int checked = 0;
    for (int trial = 0; trial < 120; trial++) {
      int inputLayer = config.inputUnits() * (layout.rawInputs() + 1);
      int index =
          trial < 21
              ? layout.outputWeightOffset() + trial
              : trial < 21 + Math.min(inputLayer, 30)
                  ? layout.inputWeightOffset() + (trial - 21) * inputLayer / 30
                  : pick.nextInt(layout.size());
      float eps = 2e-3f;
      double plus = perturbedLoss(layout, phi, index, eps, task, weights, recorded) * lossScale;
      double minus = perturbedLoss(layout, phi, index, -eps, task, weights, recorded) * lossScale;
      double fd = (plus - minus) / (2 * eps);
      assertEquals(fd, dphi[index], 2e-3 * maxAbs + 1e-2 * Math.abs(fd), "φ[" + index + "]");
      checked++;
    }
    assertEquals(120, checked);
  }

  private static double perturbedLoss(
      LstmParameters layout,
      float[] phi,
      int index,
      float eps,
      Task task,
      float[] weights,
      float[][] recorded) {
    float[] theta = task.initialParams();
    float[] grad = new float[task.dimension()];
    LstmTrajectory trajectory = warmTrajectory(layout, phi, task, theta, grad);
    float[] shifted = phi.clone();
    shifted[index] += eps;
    return unroll(trajectory, shifted, task, theta, recorded[0], weights, recorded, false);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void vectorAndScalarKernelsGiveTheSameTrajectoryAndGradient(boolean rnnprop) {
    LstmParameters layout =
        new LstmParameters(
            rnnprop ? LstmOptimizerConfig.rnnprop() : LstmOptimizerConfig.paperNeuralNet());
    int n = 300;
    BpttTrajectory[] stores = {
      new LstmTrajectory(layout, n, STEPS, new VectorLstmKernels()),
      new LstmTrajectory(layout, n, STEPS, new ScalarLstmKernels())
    };
    Lockstep.Unroll run =
        Lockstep.unroll(stores, layout.initialize(new Rng(9)), new Rng(1), 0.1f, null, 1f);
    for (int t = 0; t < STEPS; t++) {
      float[][] u = run.updates()[t];
      for (int i = 0; i < n; i++) {
        assertEquals(u[1][i], u[0][i], 1e-5f, "update " + i + " at step " + t);
      }
    }
    assertMetaGradientsClose(run.metaGradients());
  }

  @Test
  void blockParallelStepsMatchTheSerialOnes() {
    LstmParameters layout = new LstmParameters(LstmOptimizerConfig.paperNeuralNet());
    int n = 5 * BlockLayout.BLOCK + 37;
    LstmTrajectory parallel = new LstmTrajectory(layout, n, STEPS);
    ForkJoinPool pool = new ForkJoinPool(3);
    parallel.setPool(pool);
    BpttTrajectory[] stores = {new LstmTrajectory(layout, n, STEPS), parallel};
    Lockstep.Unroll run =
        Lockstep.unroll(stores, layout.initialize(new Rng(4)), new Rng(2), 0.3f, null, 1f);
    pool.shutdown();
    for (float[][] u : run.updates()) {
      assertArrayEquals(u[0], u[1]);
    }
    assertMetaGradientsClose(run.metaGradients());
  }

  /** The second store's ∂L/∂φ within float rounding of the first's. */
  private static void assertMetaGradientsClose(float[][] dphi) {
    for (int i = 0; i < dphi[0].length; i++) {
      assertEquals(dphi[0][i], dphi[1][i], 1e-4f * Math.max(1f, Math.abs(dphi[0][i])), "φ " + i);
    }
  }
}
