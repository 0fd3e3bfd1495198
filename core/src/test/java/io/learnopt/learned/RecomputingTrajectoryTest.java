package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.tensor.Rng;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recomputing the activations block by block must give exactly the meta-gradient of the store that
 * keeps them: same updates every step, same ∂L/∂φ bits, across carried-over unrolls, with a ragged
 * last block, serial and on a pool.
 */
class RecomputingTrajectoryTest {
  private static final int STEPS = 4;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of(LstmOptimizerConfig.paperNeuralNet(), 1),
        Arguments.of(LstmOptimizerConfig.paperNeuralNet(), 3),
        // Adam inputs replayed from the moments saved at the unroll's start; tanh output.
        Arguments.of(LstmOptimizerConfig.rnnprop(), 1),
        Arguments.of(LstmOptimizerConfig.rnnprop(), 3));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void recomputedMetaGradientIsBitIdenticalToTheStoredOne(LstmOptimizerConfig config, int threads) {
    LstmParameters layout = new LstmParameters(config);
    float[] phi = layout.initialize(new Rng(4));
    int n = 3 * BlockLayout.BLOCK + 37;
    BpttTrajectory stored = BpttTrajectory.create(layout, n, STEPS, false);
    BpttTrajectory recomputed = BpttTrajectory.create(layout, n, STEPS, true);
    ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
    stored.setPool(pool);
    recomputed.setPool(pool);
    stored.resetState();
    recomputed.resetState();
    Rng rng = new Rng(2);
    float[] weights = {0f, 0.5f, 1f, 1.5f, 2f};
    BpttTrajectory[] both = {stored, recomputed};
    for (int unroll = 0; unroll < 3; unroll++) {
      Lockstep.Unroll run = Lockstep.unroll(both, phi, rng, 0.3f, weights, 0.25f);
      for (int t = 0; t < STEPS; t++) {
        float[][] u = run.updates()[t];
        assertArrayEquals(u[0], u[1], "unroll " + unroll + " step " + t);
      }
      float[][] dphi = run.metaGradients();
      assertArrayEquals(dphi[0], dphi[1], "meta-gradient of unroll " + unroll);
      assertTrue(norm(dphi[0]) > 0, "a zero meta-gradient would make this test vacuous");
    }
    // One store of full blocks per worker and one for the ragged last block, which the last worker
    // takes, built in the first backward pass and reused by the next two.
    int workers = BlockWorkers.workers(pool, BlockLayout.of(n).count());
    assertEquals(workers + 1, ((RecomputingTrajectory) recomputed).storesBuilt());
    if (pool != null) {
      pool.shutdown();
    }
  }

  @Test
  void recomputingHoldsFarLessMemoryForLongUnrolls() {
    int steps = 100;
    LstmParameters layout = new LstmParameters(LstmOptimizerConfig.paperNeuralNet());
    int n = 16 * BlockLayout.BLOCK;
    BpttTrajectory stored = BpttTrajectory.create(layout, n, steps, false);
    BpttTrajectory recomputed = BpttTrajectory.create(layout, n, steps, true);
    float[] phi = layout.initialize(new Rng(1));
    float[] grad = new float[n];
    float[] update = new float[n];
    for (int t = 0; t < steps; t++) {
      recomputed.forwardStep(phi, t, grad, update);
    }
    recomputed.setFinalGradient(grad);
    recomputed.backward(phi, null, 1f, new float[layout.size()]);
    // Stored: 243 floats per coordinate and step. Recomputed: 1 per coordinate and step, a few
    // states and one block's activations (here 1/16 of the stored ones, which caps the ratio).
    long ratio = stored.activationBytes() / recomputed.activationBytes();
    assertTrue(ratio >= 10, "stored/recomputed memory ratio " + ratio);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
