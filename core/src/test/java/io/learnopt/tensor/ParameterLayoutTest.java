package io.learnopt.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterLayoutTest {

  private final ParameterLayout layout =
      ParameterLayout.builder().add("w", 2, 3).add("b", 3).add("s").build();

  @Test
  void offsetsFollowInsertionOrder() {
    assertEquals(10, layout.size());
    assertEquals(0, layout.entry("w").offset());
    assertEquals(6, layout.entry("b").offset());
    assertEquals(9, layout.entry("s").offset());
    assertEquals(1, layout.entry("s").size());
    assertArrayEquals(new int[] {3}, layout.entry("b").shape());
  }

  @Test
  void viewsShareTheFlatVector() {
    float[] flat = new float[10];
    Tensor b = layout.view(flat, "b");
    b.set(2, 5f);
    assertEquals(5f, flat[8]);
    List<Tensor> views = layout.views(flat);
    assertEquals(3, views.size());
    assertEquals(5f, views.get(1).get(2));
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    String message =
        assertThrows(IllegalArgumentException.class, () -> layout.entry("bias")).getMessage();
    assertTrue(message.contains("[w, b, s]"), message);
  }

  @Test
  void wrongFlatLengthIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> layout.view(new float[9], "w"));
  }

  @Test
  void duplicateNamesAndEmptyDimsAreRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> ParameterLayout.builder().add("a", 1).add("a", 2));
    assertThrows(IllegalArgumentException.class, () -> ParameterLayout.builder().add("a", 0));
  }
}
