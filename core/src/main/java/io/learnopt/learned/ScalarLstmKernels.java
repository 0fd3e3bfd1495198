package io.learnopt.learned;

import io.learnopt.tensor.MatrixView;

/**
 * Plain-loop reference implementation of {@link LstmKernels}; tests compare the vector one to it.
 * Each loop computes its kernel's formula (see {@link LstmKernels}) one element at a time.
 */
public final class ScalarLstmKernels extends LstmKernels {

  @Override
  public void gemm(
      MatrixView w, int rows, int cols, MatrixView in, MatrixView out, boolean add, int width) {
    for (int j = 0; j < rows; j++) {
      for (int b = 0; b < width; b++) {
        float sum = add ? out.array()[out.index(j, b)] : 0f;
        for (int k = 0; k < cols; k++) {
          sum += w.array()[w.index(j, k)] * in.array()[in.index(k, b)];
        }
        out.array()[out.index(j, b)] = sum;
      }
    }
  }

  @Override
  public int accumulatorLanes() {
    return 1;
  }

  @Override
  public void outerAccumulate(
      MatrixView dz, int rows, MatrixView in, int cols, MatrixView dw, int width) {
    for (int j = 0; j < rows; j++) {
      for (int k = 0; k < cols; k++) {
        float sum = 0f;
        for (int b = 0; b < width; b++) {
          sum += dz.array()[dz.index(j, b)] * in.array()[in.index(k, b)];
        }
        dw.array()[dw.index(j, k)] += sum;
      }
    }
  }

  @Override
  public void rowSumAccumulate(MatrixView dz, int rows, MatrixView db, int width) {
    for (int j = 0; j < rows; j++) {
      float sum = 0f;
      for (int b = 0; b < width; b++) {
        sum += dz.array()[dz.index(j, b)];
      }
      db.array()[db.index(j, 0)] += sum;
    }
  }

  @Override
  public void cellForward(LstmCell cell, MatrixView h, int width) {
    MatrixView gates = cell.gates();
    float[] z = gates.array();
    int hidden = cell.hidden();
    for (int j = 0; j < hidden; j++) {
      for (int b = 0; b < width; b++) {
        int zi = gates.index(j, b);
        int zf = gates.index(hidden + j, b);
        int zg = gates.index(2 * hidden + j, b);
        int zo = gates.index(3 * hidden + j, b);
        float i = sigmoid(z[zi]);
        float f = sigmoid(z[zf]);
        float g = (float) Math.tanh(z[zg]);
        float o = sigmoid(z[zo]);
        z[zi] = i;
        z[zf] = f;
        z[zg] = g;
        z[zo] = o;
        float c = f * cell.cPrev().array()[cell.cPrev().index(j, b)] + i * g;
        cell.c().array()[cell.c().index(j, b)] = c;
        h.array()[h.index(j, b)] = o * (float) Math.tanh(c);
      }
    }
  }

  @Override
  public void cellBackward(
      LstmCell cell, MatrixView dh, MatrixView dc, MatrixView dz, MatrixView db, int width) {
    MatrixView gates = cell.gates();
    float[] a = gates.array();
    float[] d = dz.array();
    int hidden = cell.hidden();
    for (int j = 0; j < hidden; j++) {
      for (int b = 0; b < width; b++) {
        float i = a[gates.index(j, b)];
        float f = a[gates.index(hidden + j, b)];
        float g = a[gates.index(2 * hidden + j, b)];
        float o = a[gates.index(3 * hidden + j, b)];
        float t = (float) Math.tanh(cell.c().array()[cell.c().index(j, b)]);
        float cPrev = cell.cPrev().array()[cell.cPrev().index(j, b)];
        float dhv = dh.array()[dh.index(j, b)];
        float dcv = dhv * o * (1f - t * t) + dc.array()[dc.index(j, b)];
        d[dz.index(j, b)] = dcv * g * i * (1f - i);
        d[dz.index(hidden + j, b)] = dcv * cPrev * f * (1f - f);
        d[dz.index(2 * hidden + j, b)] = dcv * i * (1f - g * g);
        d[dz.index(3 * hidden + j, b)] = dhv * t * o * (1f - o);
        dc.array()[dc.index(j, b)] = dcv * f;
      }
    }
    // The reference sums the bias gradient in a second pass; the vector kernel fuses it.
    rowSumAccumulate(dz, 4 * hidden, db, width);
  }

  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }
}
