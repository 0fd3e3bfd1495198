package io.learnopt.tensor;

/**
 * A row-major matrix inside a flat {@code float[]}: element (r, c) at {@code array[offset +
 * r·stride + c]}. The operand of a kernel, in place of the array, offset and row stride it would
 * otherwise take as three loose arguments: a weight matrix (rows of {@code stride} weights, or a
 * column range of them), a block of coordinates in a feature-major activation buffer (row stride
 * the buffer's chunk width), or one row of per-coordinate values.
 *
 * <p>Nothing is checked or copied: a view costs what its three fields cost, and callers make one
 * per kernel call (per block and step), never inside a kernel's loops. The kernels read the fields
 * into locals once on entry, so their loops run on plain ints. {@link Tensor} is the checked,
 * shaped view for model code; this is the kernels' unchecked one.
 *
 * @param array the backing array, shared
 * @param offset index of element (0, 0)
 * @param stride floats from one row to the next
 */
public record MatrixView(float[] array, int offset, int stride) {

  /** Index of element (r, c) in {@link #array()}. */
  public int index(int r, int c) {
    return offset + r * stride + c;
  }

  /** The same rows from row {@code r} on: row 0 of the result is row r of this. */
  public MatrixView fromRow(int r) {
    return new MatrixView(array, offset + r * stride, stride);
  }

  /** The same rows from column {@code c} on: column 0 of the result is column c of this. */
  public MatrixView fromColumn(int c) {
    return new MatrixView(array, offset + c, stride);
  }
}
