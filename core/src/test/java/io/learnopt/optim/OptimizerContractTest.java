package io.learnopt.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.learnopt.LearnoptException;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every optimizer promises through the {@link Optimizer} interface, checked for each. */
class OptimizerContractTest {

  static Stream<Optimizer> optimizers() {
    return Stream.concat(
        Optimizers.names().stream().map(Optimizers::parse),
        Stream.of(Optimizers.chain(Optimizers.clipByGlobalNorm(1), Aliases.adam(1e-3))));
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void rejectsMismatchedLengthsNamingBoth(Optimizer optimizer) {
    Optimizer.State state = optimizer.init(3);
    float[] three = new float[3];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> optimizer.update(new float[4], three, state, new float[3]));
    assertTrue(e.getMessage().contains("4") && e.getMessage().contains("3"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> optimizer.update(new float[3], new float[2], state, new float[3]));
    assertThrows(
        IllegalArgumentException.class,
        () -> optimizer.update(new float[3], three, state, new float[5]));
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void rejectsUpdateAliasingGrad(Optimizer optimizer) {
    Optimizer.State state = optimizer.init(2);
    float[] grad = {1f, 2f};
    assertThrows(
        IllegalArgumentException.class, () -> optimizer.update(grad, new float[2], state, grad));
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void rejectsAForeignState(Optimizer optimizer) {
    Optimizer.State foreign =
        new Optimizer.State() {
          @Override
          public void save(NamedArrays out) {}

          @Override
          public void restore(NamedArrays in) {}
        };
    assertThrows(
        IllegalArgumentException.class,
        () -> optimizer.update(new float[1], new float[1], foreign, new float[1]));
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void statesAreIndependentRuns(Optimizer optimizer) {
    Optimizer.State a = optimizer.init(2);
    Optimizer.State b = optimizer.init(2);
    assertNotSame(a, b);
    float[] ua = new float[2];
    float[] ub = new float[2];
    for (int t = 0; t < 3; t++) {
      optimizer.update(new float[] {1f, -2f}, new float[2], a, ua);
    }
    optimizer.update(new float[] {1f, -2f}, new float[2], b, ub);
    float[] first = new float[2];
    optimizer.update(new float[] {1f, -2f}, new float[2], optimizer.init(2), first);
    assertArrayEquals(first, ub, "a fresh state repeats the first step, whatever others did");
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void acceptsZeroCoordinates(Optimizer optimizer) {
    Optimizer.State state = optimizer.init(0);
    optimizer.update(new float[0], new float[0], state, new float[0]);
    assertThrows(IllegalArgumentException.class, () -> optimizer.init(-1));
  }

  /** Saved after some steps and restored into a fresh state, a run continues bit for bit. */
  @ParameterizedTest
  @MethodSource("optimizers")
  void aRestoredStateContinuesBitForBit(Optimizer optimizer) {
    int n = 37;
    SplittableRandom random = new SplittableRandom(5);
    float[] grad = new float[n];
    float[] params = new float[n];
    float[] update = new float[n];
    Optimizer.State original = optimizer.init(n);
    for (int t = 0; t < 6; t++) {
      optimizer.update(UpdateSequences.randomGradient(random, grad), params, original, update);
    }
    NamedArrays saved = new NamedArrays();
    original.save(saved);
    Optimizer.State restored = optimizer.init(n);
    restored.restore(saved);
    float[] resumed = new float[n];
    for (int t = 0; t < 10; t++) {
      UpdateSequences.randomGradient(random, grad);
      optimizer.update(grad, params, original, update);
      optimizer.update(grad, params, restored, resumed);
      assertArrayEquals(update, resumed, optimizer.name() + ", step " + t + " after the restore");
    }
  }

  /** A state saved for 3 coordinates does not fit 4: the error names the entry and both sizes. */
  @ParameterizedTest
  @MethodSource("optimizers")
  void restoreRejectsAStateOfAnotherSize(Optimizer optimizer) {
    NamedArrays saved = new NamedArrays();
    optimizer.init(3).save(saved);
    assumeFalse(saved.arrays().isEmpty(), "keeps no arrays");
    String first = saved.arrays().keySet().iterator().next();
    Optimizer.State state = optimizer.init(4);
    LearnoptException e = assertThrows(LearnoptException.class, () -> state.restore(saved));
    assertTrue(e.getMessage().contains("'" + first + "' has 3 values"), e.getMessage());
    assertTrue(e.getMessage().contains("has 4"), e.getMessage());
  }

  /** update() allocates nothing: 1,000 steps may not allocate even 16 bytes each. */
  @ParameterizedTest
  @MethodSource("optimizers")
  void updateDoesNotAllocate(Optimizer optimizer) {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)) {
      return;
    }
    int n = 256;
    float[] grad = new float[n];
    float[] params = new float[n];
    float[] update = new float[n];
    for (int i = 0; i < n; i++) {
      grad[i] = (i % 7) - 3.5f;
    }
    Optimizer.State state = optimizer.init(n);
    long thread = Thread.currentThread().threadId();
    for (int t = 0; t < 1000; t++) {
      optimizer.update(grad, params, state, update);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (int t = 0; t < 1000; t++) {
      optimizer.update(grad, params, state, update);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(allocated < 16_000, optimizer.name() + " allocated " + allocated + " bytes");
  }
}
