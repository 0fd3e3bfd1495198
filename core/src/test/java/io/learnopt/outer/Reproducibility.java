package io.learnopt.outer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.learnopt.optim.NamedArrays;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Bit-for-bit comparisons of training runs made in one JVM.
 *
 * <p>The vector LSTM kernels' tanh and e^x differ in the last bit between interpreted/C1 and C2
 * code (see {@code io.learnopt.learned.LstmKernelReproducibilityTest}), so a run during which the
 * JIT replaces the kernel is not bit-identical to one after it. {@link #pair} therefore computes
 * the reference before and after the candidate and accepts an attempt only when the two references
 * agree, i.e. the JIT did not change the kernels' results meanwhile; three attempts are plenty,
 * since that happens a few times per JVM at most. With deterministic kernels the first attempt
 * always counts.
 */
final class Reproducibility {
  private static final int ATTEMPTS = 8;

  private Reproducibility() {}

  /** {reference, candidate} from an attempt in which the reference reproduced itself. */
  static OuterState[] pair(Supplier<OuterState> reference, Supplier<OuterState> candidate) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      OuterState before = reference.get();
      OuterState actual = candidate.get();
      OuterState after = reference.get();
      if (same(before, after)) {
        return new OuterState[] {before, actual};
      }
    }
    return fail(
        "the reference run did not reproduce itself in "
            + ATTEMPTS
            + " attempts: the kernels' results keep changing in this JVM");
  }

  static boolean same(OuterState a, OuterState b) {
    NamedArrays ma = L2lTrainer.optimizerState(a);
    NamedArrays mb = L2lTrainer.optimizerState(b);
    return a.nextRound() == b.nextRound()
        && Arrays.equals(a.meta(), b.meta())
        && Arrays.equals(a.best(), b.best())
        && Double.compare(a.bestScore(), b.bestScore()) == 0
        && a.bestRound() == b.bestRound()
        && ma.counters().equals(mb.counters())
        && ma.arrays().keySet().equals(mb.arrays().keySet())
        && ma.arrays().keySet().stream()
            .allMatch(k -> Arrays.equals(ma.arrays().get(k), mb.arrays().get(k)));
  }

  /** Every part of the state equal, bit for bit, with a message naming the first difference. */
  static void assertSameState(OuterState expected, OuterState actual) {
    assertEquals(expected.nextRound(), actual.nextRound(), "next round");
    assertArrayEquals(expected.meta(), actual.meta(), "φ");
    assertArrayEquals(expected.best(), actual.best(), "best φ");
    assertEquals(expected.bestScore(), actual.bestScore(), "best score");
    assertEquals(expected.bestRound(), actual.bestRound(), "best round");
    NamedArrays a = L2lTrainer.optimizerState(expected);
    NamedArrays b = L2lTrainer.optimizerState(actual);
    assertEquals(a.counters(), b.counters(), "meta-optimizer counters");
    assertEquals(a.arrays().keySet(), b.arrays().keySet(), "meta-optimizer arrays");
    for (String k : a.arrays().keySet()) {
      assertArrayEquals(a.arrays().get(k), b.arrays().get(k), "meta-optimizer " + k);
    }
  }
}
