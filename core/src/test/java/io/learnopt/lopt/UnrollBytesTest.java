package io.learnopt.lopt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.learned.LstmOptimizerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory estimate a run is checked against before it allocates is the unroll's real size. */
class UnrollBytesTest {
  /** What an unroll holds after one truncation (block stores of a recomputing one are built). */
  private static long afterOneTruncation(L2lLstm rule, int n) {
    Unroll unroll = rule.newUnroll(UnrollShape.of(new int[] {n}), 20);
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(new io.learnopt.tensor.Rng(1), phi);
    unroll.reset();
    float[] theta = new float[n];
    float[] grad = new float[n];
    java.util.Arrays.fill(grad, 0.1f);
    for (int t = 0; t < 20; t++) {
      unroll.step(phi, t, theta, grad, new float[1]);
    }
    unroll.backward(phi, new TruncationLoss(null, 1f, grad), null, new float[phi.length]);
    return unroll.activationBytes();
  }

  @Test
  void theEstimateIsWithinAFewPercentOfWhatAnUnrollHolds() {
    for (boolean recompute : new boolean[] {false, true}) {
      L2lLstm rule = new L2lLstm(LstmOptimizerConfig.paperNeuralNet(), recompute);
      for (int n : new int[] {300, 5_000}) {
        long held = afterOneTruncation(rule, n);
        long estimate = rule.unrollBytes(n, 20);
        assertTrue(
            estimate >= held && estimate <= 1.5 * held,
            (recompute ? "recompute, " : "")
                + n
                + " coordinates: estimate "
                + estimate
                + " for "
                + held
                + " held");
      }
    }
    GroupedRules two =
        GroupedRules.of(List.of("conv", "fc"), new L2lLstm(LstmOptimizerConfig.paperNeuralNet()));
    assertTrue(
        two.unrollBytes(5_000, 20)
            < 2 * new L2lLstm(LstmOptimizerConfig.paperNeuralNet()).unrollBytes(5_000, 20));
  }
}
