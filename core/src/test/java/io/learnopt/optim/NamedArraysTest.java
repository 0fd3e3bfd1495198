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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
}
