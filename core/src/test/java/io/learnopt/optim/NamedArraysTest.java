package io.learnopt.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamedArraysTest {

  @Test
  void putArrayStoresACopy() {
    NamedArrays named = new NamedArrays();
    float[] values = {1f, 2f};
    named.putArray("m", values);
    values[0] = 9f;
    assertArrayEquals(new float[] {1f, 2f}, named.array("m", 2));
  }

  @Test
  void scopesPrefixTheNamesAndShareTheStorage() {
    NamedArrays root = new NamedArrays();
    NamedArrays inner = root.scope("adam").scope("1");
    inner.putArray("m", new float[] {1f});
    inner.putCounter("t", 3);
    root.putArray("other", new float[] {2f});
    assertEquals(List.of("adam.1.m", "other"), List.copyOf(root.arrays().keySet()));
    assertEquals(Map.of("adam.1.t", 3L), root.counters());
    assertEquals(List.of("adam.1.m"), List.copyOf(inner.arrays().keySet()));
    assertArrayEquals(new float[] {1f}, root.array("adam.1.m", 1));
    assertEquals(3, root.scope("adam").scope("1").counter("t"));
  }

  @Test
  void ofCopiesTheMapsButNotTheArrays() {
    float[] m = {1f};
    Map<String, float[]> arrays = new LinkedHashMap<>(Map.of("m", m));
    Map<String, Long> counters = new LinkedHashMap<>(Map.of("t", 2L));
    NamedArrays named = NamedArrays.of(arrays, counters);
    arrays.clear();
    counters.clear();
    assertSame(m, named.array("m", 1));
    assertEquals(2, named.counter("t"));
  }

  @Test
  void entriesKeepInsertionOrderAndCannotBeChangedThroughTheMaps() {
    NamedArrays named = new NamedArrays();
    for (String name : new String[] {"z", "a", "m"}) {
      named.putArray(name, new float[0]);
      named.putCounter(name, 0);
    }
    assertEquals(List.of("z", "a", "m"), List.copyOf(named.arrays().keySet()));
    assertEquals(List.of("z", "a", "m"), List.copyOf(named.counters().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> named.arrays().clear());
    assertThrows(UnsupportedOperationException.class, () -> named.counters().put("t", 1L));
  }

  @Test
  void aMissingEntryIsNamedWithThePresentOnes() {
    NamedArrays named = new NamedArrays();
    named.scope("0").putArray("v", new float[1]);
    LearnoptException array =
        assertThrows(LearnoptException.class, () -> named.scope("0").array("m", 1));
    assertTrue(array.getMessage().contains("array '0.m' is missing"), array.getMessage());
    assertTrue(array.getMessage().contains("present: 0.v"), array.getMessage());
    LearnoptException counter =
        assertThrows(LearnoptException.class, () -> named.scope("0").counter("t"));
    assertTrue(counter.getMessage().contains("counter '0.t' is missing"), counter.getMessage());
  }

  @ParameterizedTest
  @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void aNonFiniteValueIsNamedWithItsIndex(float bad) {
    NamedArrays named = new NamedArrays();
    named.putArray("s", new float[] {1f, 2f, bad});
    LearnoptException e = assertThrows(LearnoptException.class, () -> named.array("s", 3));
    assertTrue(e.getMessage().contains("'s' holds " + bad + " at index 2"), e.getMessage());
  }

  /** What each rule saves: the symbols of its update rule, scoped by the chain part. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sgd | '' | ''",
        "momentum | 0.v | ''",
        "nag | 0.v | ''",
        "rmsprop | 0.s | ''",
        "adam | 0.m 0.v | 0.t",
        "adagrad | 0.s | ''",
        "rprop | 0.delta 0.g_prev | ''",
      })
  void eachRuleSavesTheSymbolsOfItsUpdateRule(String rule, String arrays, String counters) {
    assertSaves(Optimizers.parse(rule), arrays, counters);
  }

  @Test
  void aChainScopesEachPart() {
    assertSaves(
        Optimizers.chain(Optimizers.clipByGlobalNorm(1), Aliases.adam(1e-3)), "1.m 1.v", "1.t");
  }

  private static void assertSaves(Optimizer optimizer, String arrays, String counters) {
    NamedArrays saved = new NamedArrays();
    optimizer.init(2).save(saved);
    assertEquals(names(arrays), List.copyOf(saved.arrays().keySet()));
    assertEquals(names(counters), List.copyOf(saved.counters().keySet()));
  }

  private static List<String> names(String spaced) {
    return spaced.isBlank() ? List.of() : List.of(spaced.split(" "));
  }

  @Test
  void aNegativeStepCountIsRejectedByName() {
    Alias adam = Aliases.adam(1e-3);
    NamedArrays saved = savedAfterOneStep(adam);
    saved.scope("0").putCounter("t", -1);
    LearnoptException e = assertThrows(LearnoptException.class, () -> adam.init(2).restore(saved));
    assertTrue(e.getMessage().contains("'0.t' is -1"), e.getMessage());
  }

  /** Every entry is read before any is written, so a failed restore changes nothing. */
  @Test
  void aFailedRestoreLeavesTheStateAsItWas() {
    Alias adam = Aliases.adam(1e-3);
    NamedArrays saved = savedAfterOneStep(adam);
    Map<String, float[]> withoutV = new LinkedHashMap<>(saved.arrays());
    withoutV.remove("0.v");
    NamedArrays damaged = NamedArrays.of(withoutV, saved.counters());
    float[] fresh = firstUpdate(adam, s -> {});
    float[] afterFailure =
        firstUpdate(adam, s -> assertThrows(LearnoptException.class, () -> s.restore(damaged)));
    assertArrayEquals(fresh, afterFailure);
  }

  private static NamedArrays savedAfterOneStep(Optimizer optimizer) {
    Optimizer.State state = optimizer.init(2);
    optimizer.update(new float[] {1f, -2f}, new float[2], state, new float[2]);
    NamedArrays saved = new NamedArrays();
    state.save(saved);
    return saved;
  }

  private static float[] firstUpdate(Optimizer optimizer, Consumer<Optimizer.State> before) {
    Optimizer.State state = optimizer.init(2);
    before.accept(state);
    float[] update = new float[2];
    optimizer.update(new float[] {0.5f, 3f}, new float[2], state, update);
    return update;
  }
}
