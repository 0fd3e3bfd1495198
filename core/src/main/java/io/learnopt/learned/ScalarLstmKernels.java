package io.learnopt.learned;

import io.learnopt.tensor.MatrixView;

/**
 * Plain-loop reference implementation of {@link LstmKernels}; tests compare the vector one to it.
 * Each loop computes its kernel's formula (see {@link LstmKernels}) one element at a time.
 */
public final class ScalarLstmKernels extends LstmKernels {

  @Override
  public void gemm(
      MatrixView w,
      int rows,
      int cols,
      MatrixView in,
      MatrixView out,
      boolean accumulate,
      int width) {
    for (int j = 0; j < rows; j++) {
      for (int b = 0; b < width; b++) {
        float sum = accumulate ? out.array()[out.index(j, b)] : 0f;
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
  public void rowSumAccumulate(MatrixView dz, int rows, float[] db, int dbOff, int width) {
    for (int j = 0; j < rows; j++) {
      float sum = 0f;
      for (int b = 0; b < width; b++) {
        sum += dz.array()[dz.index(j, b)];
      }
      db[dbOff + j] += sum;
    }
  }

  @Override
  public void cellForward(
      MatrixView gates, MatrixView cPrev, MatrixView c, MatrixView h, int hidden, int width) {
    float[] z = gates.array();
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
        float cell = f * cPrev.array()[cPrev.index(j, b)] + i * g;
        c.array()[c.index(j, b)] = cell;
        h.array()[h.index(j, b)] = o * (float) Math.tanh(cell);
      }
    }
  }

  @Override
  public void cellBackward(
      MatrixView gates,
      MatrixView cPrev,
      MatrixView c,
      MatrixView dh,
      MatrixView dc,
      MatrixView dz,
      float[] db,
      int dbOff,
      int hidden,
      int width) {
    float[] a = gates.array();
    float[] d = dz.array();
    for (int j = 0; j < hidden; j++) {
      for (int b = 0; b < width; b++) {
        float i = a[gates.index(j, b)];
        float f = a[gates.index(hidden + j, b)];
        float g = a[gates.index(2 * hidden + j, b)];
        float o = a[gates.index(3 * hidden + j, b)];
        float t = (float) Math.tanh(c.array()[c.index(j, b)]);
        float dhv = dh.array()[dh.index(j, b)];
        float dcv = dhv * o * (1f - t * t) + dc.array()[dc.index(j, b)];
        d[dz.index(j, b)] = dcv * g * i * (1f - i);
        d[dz.index(hidden + j, b)] = dcv * cPrev.array()[cPrev.index(j, b)] * f * (1f - f);
        d[dz.index(2 * hidden + j, b)] = dcv * i * (1f - g * g);
        d[dz.index(3 * hidden + j, b)] = dhv * t * o * (1f - o);
        dc.array()[dc.index(j, b)] = dcv * f;
      }
    }
    // The reference sums the bias gradient in a second pass; the vector kernel fuses it.
    rowSumAccumulate(dz, 4 * hidden, db, dbOff, width);
  }

  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }
}
