package io.learnopt.learned;

/**
 * Plain-loop reference implementation of {@link LstmKernels}; tests compare the vector one to it.
 */
public final class ScalarLstmKernels extends LstmKernels {

  @Override
  public void gemm(
      float[] w,
      int wOff,
      int rows,
      int cols,
      int wRowLength,
      float[] in,
      int inOff,
      float[] out,
      int outOff,
      boolean accumulate,
      int stride,
      int b0,
      int width) {
    for (int j = 0; j < rows; j++) {
      int o = outOff + j * stride;
      for (int b = b0; b < b0 + width; b++) {
        float sum = accumulate ? out[o + b] : 0f;
        for (int k = 0; k < cols; k++) {
          sum += w[wOff + j * wRowLength + k] * in[inOff + k * stride + b];
        }
        out[o + b] = sum;
      }
    }
  }

  @Override
  public int accumulatorLanes() {
    return 1;
  }

  @Override
  public void outerAccumulate(
      float[] dz,
      int dzOff,
      int rows,
      float[] in,
      int inOff,
      int cols,
      float[] dw,
      int dwOff,
      int dwRowLength,
      int stride,
      int b0,
      int width) {
    for (int j = 0; j < rows; j++) {
      for (int k = 0; k < cols; k++) {
        float sum = 0f;
        for (int b = b0; b < b0 + width; b++) {
          sum += dz[dzOff + j * stride + b] * in[inOff + k * stride + b];
        }
        dw[dwOff + j * dwRowLength + k] += sum;
      }
    }
  }

  @Override
  public void rowSumAccumulate(
      float[] dz, int dzOff, int rows, float[] db, int dbOff, int stride, int b0, int width) {
    for (int j = 0; j < rows; j++) {
      float sum = 0f;
      for (int b = b0; b < b0 + width; b++) {
        sum += dz[dzOff + j * stride + b];
      }
      db[dbOff + j] += sum;
    }
  }

  @Override
  public void cellForward(
      float[] gates,
      int gOff,
      float[] c,
      int cPrevOff,
      int cOff,
      float[] h,
      int hOff,
      int hidden,
      int stride,
      int b0,
      int width) {
    for (int j = 0; j < hidden; j++) {
      int gi = gOff + j * stride;
      int gf = gi + hidden * stride;
      int gg = gf + hidden * stride;
      int go = gg + hidden * stride;
      for (int b = b0; b < b0 + width; b++) {
        float i = sigmoid(gates[gi + b]);
        float f = sigmoid(gates[gf + b]);
        float g = (float) Math.tanh(gates[gg + b]);
        float o = sigmoid(gates[go + b]);
        gates[gi + b] = i;
        gates[gf + b] = f;
        gates[gg + b] = g;
        gates[go + b] = o;
        float cell = f * c[cPrevOff + j * stride + b] + i * g;
        float t = (float) Math.tanh(cell);
        c[cOff + j * stride + b] = cell;
        h[hOff + j * stride + b] = o * t;
      }
    }
  }

  @Override
  public void cellBackward(
      float[] gates,
      int gOff,
      float[] c,
      int cPrevOff,
      int cOff,
      float[] dh,
      int dhOff,
      float[] dc,
      int dcOff,
      float[] dz,
      int dzOff,
      float[] db,
      int dbOff,
      int hidden,
      int stride,
      int b0,
      int width) {
    int gateStride = hidden * stride;
    for (int j = 0; j < hidden; j++) {
      int row = j * stride;
      for (int b = b0; b < b0 + width; b++) {
        float i = gates[gOff + row + b];
        float f = gates[gOff + gateStride + row + b];
        float g = gates[gOff + 2 * gateStride + row + b];
        float o = gates[gOff + 3 * gateStride + row + b];
        float t = (float) Math.tanh(c[cOff + row + b]);
        float dhv = dh[dhOff + row + b];
        float dcv = dhv * o * (1f - t * t) + dc[dcOff + row + b];
        dz[dzOff + row + b] = dcv * g * i * (1f - i);
        dz[dzOff + gateStride + row + b] = dcv * c[cPrevOff + row + b] * f * (1f - f);
        dz[dzOff + 2 * gateStride + row + b] = dcv * i * (1f - g * g);
        dz[dzOff + 3 * gateStride + row + b] = dhv * t * o * (1f - o);
        dc[dcOff + row + b] = dcv * f;
      }
    }
    // The reference sums the bias gradient in a second pass; the vector kernel fuses it.
    rowSumAccumulate(dz, dzOff, 4 * hidden, db, dbOff, stride, b0, width);
  }

  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }
}
