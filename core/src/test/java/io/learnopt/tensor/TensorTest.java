package io.learnopt.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void zerosHasShapeAndSize() {
    Tensor t = Tensor.zeros(3, 4);
    assertEquals(12, t.size());
    assertEquals(3, t.rows());
    assertEquals(4, t.cols());
    assertEquals(2, t.rank());
    assertArrayEquals(new int[] {3, 4}, t.shape());
    assertEquals(0f, t.get(11));
  }

  @Test
  void ofWrapsWithoutCopying() {
    float[] data = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.of(data, 2, 3);
    assertEquals(6f, t.get(1, 2));
    data[5] = 60f;
    assertEquals(60f, t.get(1, 2));
  }

  @Test
  void ofRejectsWrongLengthNamingTheShape() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    assertTrue(e.getMessage().contains("5"), e.getMessage());
  }

  @Test
  void viewReadsAndWritesTheSlice() {
    float[] flat = new float[10];
    Tensor v = Tensor.view(flat, 4, 2, 2);
    v.set(3, 7f);
    assertEquals(7f, flat[7]);
    v.fillZero();
    assertEquals(0f, flat[7]);
    assertEquals(4, v.offset());
    assertThrows(IllegalArgumentException.class, () -> Tensor.view(flat, 8, 2, 2));
  }

  @Test
  void shapeIsDefensivelyCopied() {
    int[] shape = {2, 2};
    Tensor t = Tensor.zeros(shape);
    shape[0] = 5;
    t.shape()[1] = 9;
    assertArrayEquals(new int[] {2, 2}, t.shape());
  }

  @Test
  void rowsNeedsTwoDimensions() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).rows());
    assertTrue(e.getMessage().contains("[2, 3, 4]"), e.getMessage());
  }

  @Test
  void requireSameShapeNamesBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.zeros(2, 3).requireSameShape(Tensor.zeros(3, 2), "add"));
    assertEquals("add: shapes [2, 3] and [3, 2] differ", e.getMessage());
  }

  @Test
  void negativeDimensionIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
  }
}
