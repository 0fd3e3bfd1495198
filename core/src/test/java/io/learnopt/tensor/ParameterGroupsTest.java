package io.learnopt.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterGroupsTest {
  private static final ParameterLayout CONV_NET =
      ParameterLayout.builder()
          .add("conv.weight", 4, 1, 3, 3)
          .add("bn.gamma", 4)
          .add("conv2.weight", 4, 4, 3, 3)
          .add("fc.weight", 8, 2)
          .add("fc.bias", 2)
          .build();

  private static int[] starts(ParameterGroups g) {
    int[] out = new int[g.tensors() + 1];
    for (int k = 0; k <= g.tensors(); k++) {
      out[k] = g.tensorStart(k);
    }
    return out;
  }

  @Test
  void everyTensorOfALayoutKeepsItsBoundsWhileNeighbouringGroupsMerge() {
    ParameterGroups g = ParameterGroups.byLayerType(CONV_NET);
    assertEquals("conv×36 fc×4 conv×144 fc×18", g.toString());
    assertEquals(5, g.tensors());
    assertEquals(List.of(0, 36, 40, 184, 200, 202), boxed(starts(g)));
    assertEquals(202, g.coordinates());
  }

  @Test
  void concatenationKeepsEveryTensorAndShiftsItsStart() {
    ParameterGroups conv = ParameterGroups.byLayerType(CONV_NET);
    ParameterGroups both = ParameterGroups.concat(List.of(conv, ParameterGroups.single(3), conv));
    assertEquals(11, both.tensors());
    assertEquals(
        List.of(0, 36, 40, 184, 200, 202, 205, 241, 245, 389, 405, 407), boxed(starts(both)));
    assertEquals("conv×36 fc×4 conv×144 fc×18 all×3 conv×36 fc×4 conv×144 fc×18", both.toString());
  }

  @Test
  void oneGroupTwoTensorsDiffersFromOneTensor() {
    ParameterGroups two = ParameterGroups.builder().add("fc", 3).add("fc", 2).build();
    ParameterGroups one = ParameterGroups.builder().add("fc", 5).build();
    assertEquals(one.segments(), two.segments());
    assertEquals(2, two.tensors());
    assertEquals(3, two.tensorStart(1));
    assertNotEquals(one, two);
    assertEquals(ParameterGroups.single(5).tensors(), 1);
  }

  @Test
  void anEmptyTensorIsNoTensor() {
    ParameterGroups g = ParameterGroups.builder().add("fc", 0).add("fc", 2).add("conv", 0).build();
    assertEquals(1, g.tensors());
    assertEquals(List.of(0, 2), boxed(starts(g)));
    assertThrows(IllegalArgumentException.class, () -> ParameterGroups.builder().add("a,b", 1));
  }

  private static List<Integer> boxed(int[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
