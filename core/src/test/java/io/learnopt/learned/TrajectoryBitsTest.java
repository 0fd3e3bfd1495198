package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.learnopt.tensor.Rng;
import io.learnopt.tensor.VectorKernels;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact bits of the vector kernels' updates and meta-gradients, pinned: three carried-over
 * unrolls at 1,000 coordinates (four blocks, the last narrower) and 3,333 (fourteen, padded), every
 * update and ∂L/∂φ folded into one hash. A refactoring of the kernels or of the stores must leave
 * these hashes as they are; a change that means to change the results updates them and says why.
 *
 * <p>The lane-wide accumulators sum in an order that depends on the vector length and on the number
 * of workers, so the hashes are for 16-lane vectors (AVX-512) and one or two workers; on other
 * machines the test is skipped.
 */
class TrajectoryBitsTest {
  private static final int STEPS = 6;
  private static final int UNROLLS = 3;

  @ParameterizedTest(name = "n={0} threads={1} recompute={2}")
  @CsvSource({
    "1000, 1, false, 0xa8ee2376ccd82e9eL",
    "1000, 1, true, 0xa8ee2376ccd82e9eL",
    "1000, 2, false, 0xaa88830039740edaL",
    "1000, 2, true, 0xaa88830039740edaL",
    "3333, 1, false, 0x567f4639a75731ebL",
    "3333, 1, true, 0x567f4639a75731ebL",
    "3333, 2, false, 0xb1fd3ab0eefe74ffL",
    "3333, 2, true, 0xb1fd3ab0eefe74ffL"
  })
  void updatesAndMetaGradientsKeepTheirBits(
      int n, int threads, boolean recompute, String expected) {
    assumeTrue(VectorKernels.vectorLength() == 16, "hashes recorded with 16-lane vectors");
    assumeTrue(LstmKernels.get() instanceof VectorLstmKernels, "hashes are of the vector kernels");
    LstmParameters layout = new LstmParameters(LstmOptimizerConfig.paperNeuralNet());
    float[] phi = layout.initialize(new Rng(7));
    BpttTrajectory trajectory = BpttTrajectory.create(layout, n, STEPS, recompute);
    ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
    trajectory.setPool(pool);
    trajectory.resetState();
    Rng rng = new Rng(n);
    float[] weights = {0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f};
    long hash = 0xcbf29ce484222325L;
    try {
      for (int unroll = 0; unroll < UNROLLS; unroll++) {
        Lockstep.Unroll run =
            Lockstep.unroll(new BpttTrajectory[] {trajectory}, phi, rng, 0.01f, weights, 0.5f);
        for (float[][] step : run.updates()) {
          hash = fold(hash, step[0]);
        }
        hash = fold(hash, run.metaGradients()[0]);
      }
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
    }
    assertEquals(expected, "0x" + Long.toHexString(hash) + "L", "hash of every update and ∂L/∂φ");
  }

  /** The same for the optimizer's one-step store, which carries each block's state as it goes. */
  @ParameterizedTest(name = "n={0} threads={1}")
  @CsvSource({
    "1000, 1, 0x5d7cb989cfcf1327L",
    "3333, 1, 0x4f355456a3783977L",
    "3333, 2, 0x4f355456a3783977L"
  })
  void optimizerUpdatesKeepTheirBits(int n, int threads, String expected) {
    assumeTrue(VectorKernels.vectorLength() == 16, "hashes recorded with 16-lane vectors");
    assumeTrue(LstmKernels.get() instanceof VectorLstmKernels, "hashes are of the vector kernels");
    LstmParameters layout = new LstmParameters(LstmOptimizerConfig.paperNeuralNet());
    ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
    LstmOptimizer optimizer = new LstmOptimizer(layout, layout.initialize(new Rng(8)), pool);
    io.learnopt.optim.Optimizer.State state = optimizer.init(n);
    Rng rng = new Rng(n + 1);
    float[] grad = new float[n];
    float[] update = new float[n];
    long hash = 0xcbf29ce484222325L;
    try {
      for (int t = 0; t < UNROLLS * STEPS; t++) {
        rng.fillGaussian(grad, 0f, 0.01f);
        optimizer.update(grad, null, state, update);
        hash = fold(hash, update);
      }
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
    }
    assertEquals(expected, "0x" + Long.toHexString(hash) + "L", "hash of every update");
  }

  /** FNV-1a over the float bits of {@code values}, continuing from {@code hash}. */
  static long fold(long hash, float[] values) {
    for (float v : values) {
      int bits = Float.floatToRawIntBits(v);
      for (int shift = 0; shift < 32; shift += 8) {
        hash ^= (bits >>> shift) & 0xff;
        hash *= 0x100000001b3L;
      }
    }
    return hash;
  }
}
