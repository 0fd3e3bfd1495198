package io.learnopt.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.learnopt.optim.NamedArrays;
import io.learnopt.optim.Optimizer;
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
  static MetaTrainingState[] pair(
      Supplier<MetaTrainingState> reference, Supplier<MetaTrainingState> candidate) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      MetaTrainingState before = reference.get();
      MetaTrainingState actual = candidate.get();
      MetaTrainingState after = reference.get();
      if (same(before, after)) {
        return new MetaTrainingState[] {before, actual};
      }
    }
    return fail(
        "the reference run did not reproduce itself in "
            + ATTEMPTS
            + " attempts: the kernels' results keep changing in this JVM");
  }

  static boolean same(MetaTrainingState a, MetaTrainingState b) {
    NamedArrays ma = saved(a.metaOptimizerState());
    NamedArrays mb = saved(b.metaOptimizerState());
    return a.nextEpoch() == b.nextEpoch()
        && Arrays.equals(a.phi(), b.phi())
        && Arrays.equals(a.bestPhi(), b.bestPhi())
        && Double.compare(a.bestScore(), b.bestScore()) == 0
        && a.bestEpoch() == b.bestEpoch()
        && ma.counters().equals(mb.counters())
        && ma.arrays().keySet().equals(mb.arrays().keySet())
        && ma.arrays().keySet().stream()
            .allMatch(name -> Arrays.equals(ma.arrays().get(name), mb.arrays().get(name)));
  }

  /** The meta-optimizer state (Adam's m, v and step) as it saves itself. */
  static NamedArrays saved(Optimizer.State state) {
    NamedArrays saved = new NamedArrays();
    state.save(saved);
    return saved;
  }

  /** Every part of the state equal, bit for bit, with a message naming the first difference. */
  static void assertSameState(MetaTrainingState expected, MetaTrainingState actual) {
    assertEquals(expected.nextEpoch(), actual.nextEpoch(), "next epoch");
    assertArrayEquals(expected.phi(), actual.phi(), "φ");
    assertArrayEquals(expected.bestPhi(), actual.bestPhi(), "best φ");
    assertEquals(expected.bestScore(), actual.bestScore(), "best score");
    assertEquals(expected.bestEpoch(), actual.bestEpoch(), "best epoch");
    NamedArrays a = saved(expected.metaOptimizerState());
    NamedArrays b = saved(actual.metaOptimizerState());
    assertEquals(a.counters(), b.counters(), "Adam step");
    assertEquals(a.arrays().keySet(), b.arrays().keySet(), "meta-optimizer arrays");
    for (String name : a.arrays().keySet()) {
      assertArrayEquals(a.arrays().get(name), b.arrays().get(name), "meta-optimizer " + name);
    }
  }
}
