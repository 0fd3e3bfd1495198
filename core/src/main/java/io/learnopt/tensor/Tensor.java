package io.learnopt.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A row-major float32 tensor: a window of {@link #size()} floats in {@link #data()} starting at
 * {@link #offset()}, read with the shape {@link #shape()}.
 *
 * <p>The offset is what lets a tensor be a <em>view</em>: every optimizer in learnopt sees all
 * parameters as one flat {@code float[]}, and a model's weight matrix is a tensor over a slice of
 * that vector (see {@link ParameterLayout}). Tensors made by {@link #zeros} and {@link #of} start
 * at offset 0 and own their whole array.
 *
 * <p>The data array is shared, not copied: writing to it writes the tensor. The shape is copied in
 * and out, so a tensor's shape never changes.
 */
public final class Tensor {
  private final float[] data;
  private final int offset;
  private final int[] shape;
  private final int size;

  private Tensor(float[] data, int offset, int[] shape) {
    this.shape = shape.clone();
    this.size = sizeOf(this.shape);
    if (offset < 0 || offset > data.length - size) {
      throw new IllegalArgumentException(
          "a tensor of shape "
              + Arrays.toString(shape)
              + " ("
              + size
              + " floats) at offset "
              + offset
              + " does not fit in an array of length "
              + data.length);
    }
    this.data = data;
    this.offset = offset;
  }

  /** A new tensor of the given shape filled with zeros. */
  public static Tensor zeros(int... shape) {
    return new Tensor(new float[sizeOf(shape)], 0, shape);
  }

  /** The tensor of the given shape over all of {@code data}, whose length must match the shape. */
  public static Tensor of(float[] data, int... shape) {
    int size = sizeOf(shape);
    if (data.length != size) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + size
              + " floats but the array has "
              + data.length);
    }
    return new Tensor(data, 0, shape);
  }

  /** The tensor of the given shape over {@code data[offset, offset + size)}: a view, not a copy. */
  public static Tensor view(float[] data, int offset, int... shape) {
    return new Tensor(data, offset, shape);
  }

  /** The backing array, shared with this tensor. Elements live at {@code offset()..+size()}. */
  public float[] data() {
    return data;
  }

  /** Index of element 0 in {@link #data()}. */
  public int offset() {
    return offset;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Extent of dimension {@code dim}. */
  public int dim(int dim) {
    return shape[dim];
  }

  /** Number of elements: the product of the shape (1 for a scalar of shape []). */
  public int size() {
    return size;
  }

  /** Rows of a 2-D tensor. */
  public int rows() {
    requireRank2("rows()");
    return shape[0];
  }

  /** Columns of a 2-D tensor. */
  public int cols() {
    requireRank2("cols()");
    return shape[1];
  }

  /** Element {@code i} in row-major order. */
  public float get(int i) {
    return data[offset + Objects.checkIndex(i, size)];
  }

  /** Sets element {@code i} in row-major order. */
  public void set(int i, float value) {
    data[offset + Objects.checkIndex(i, size)] = value;
  }

  /** Element (row, col) of a 2-D tensor. */
  public float get(int row, int col) {
    requireRank2("get(row, col)");
    return data[
        offset + Objects.checkIndex(row, shape[0]) * shape[1] + Objects.checkIndex(col, shape[1])];
  }

  /** A new array holding this tensor's elements. */
  public float[] toArray() {
    return Arrays.copyOfRange(data, offset, offset + size);
  }

  /** Sets every element to zero. */
  public void fillZero() {
    Arrays.fill(data, offset, offset + size, 0f);
  }

  /** Whether {@code other} has exactly this shape. */
  public boolean sameShape(Tensor other) {
    return Arrays.equals(shape, other.shape);
  }

  /**
   * Throws unless {@code other} has this shape; {@code what} names the operation for the message.
   */
  public void requireSameShape(Tensor other, String what) {
    if (!sameShape(other)) {
      throw new IllegalArgumentException(
          what
              + ": shapes "
              + Arrays.toString(shape)
              + " and "
              + Arrays.toString(other.shape)
              + " differ");
    }
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape) + (offset == 0 ? "" : "@" + offset);
  }

  private void requireRank2(String what) {
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          what + " needs a 2-D tensor, this one has shape " + Arrays.toString(shape));
    }
  }

  private static int sizeOf(int[] shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      size *= d;
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
      }
    }
    return (int) size;
  }
}
