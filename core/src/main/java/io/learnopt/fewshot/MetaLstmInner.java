package io.learnopt.fewshot;

import io.learnopt.learned.Preprocessing;
import io.learnopt.tensor.Rng;
import io.learnopt.tensor.VectorMath;

/**
 * The meta-learner LSTM of Ravi &amp; Larochelle (2017, "Optimization as a Model for Few-Shot
 * Learning", §3.1–3.2): an LSTM cell whose cell state is the learner's parameter vector. Per
 * coordinate,
 *
 * <pre>
 *   i_t = σ(W_I·[x_t, θ_{t−1}, i_{t−1}] + b_I)        learned, per-step, per-coordinate rate
 *   f_t = σ(W_F·[x_t, θ_{t−1}, f_{t−1}] + b_F)        learned decay (weight decay when &lt; 1)
 *   θ_t = f_t ⊙ θ_{t−1} + i_t ⊙ (−∇_t)
 * </pre>
 *
 * with x_t the preprocessed gradient and loss (log/sign, p = 10; the loss is the same for every
 * coordinate). With f = 1 and i = α this is gradient descent. The 2 × 7 weights are shared by all
 * coordinates; i₀ = f₀ = 0.
 *
 * <p>Backward (first order, ∇_t and the loss are inputs): with a = ∂L/∂θ_t and the carried adjoints
 * of the previous gates, ∂L/∂i_t = −a⊙∇_t + (W_I)_prev·∂L/∂z_i(t+1), ∂L/∂f_t = a⊙θ_{t−1} +
 * (W_F)_prev·∂L/∂z_f(t+1), ∂L/∂z = ∂L/∂gate ⊙ gate(1 − gate), and ∂L/∂θ_{t−1} = a⊙f_t +
 * (W_I)_θ·∂L/∂z_i + (W_F)_θ·∂L/∂z_f.
 */
public final class MetaLstmInner implements InnerOptimizer {
  /** Preprocessed inputs per coordinate: gradient (log, sign) and loss (log, sign). */
  static final int FEATURES = 4;

  /** Parameters per gate: the feature weights, the θ weight, the previous-gate weight, the bias. */
  static final int GATE = FEATURES + 3;

  private static final int THETA = FEATURES;
  private static final int PREVIOUS = FEATURES + 1;
  private static final int BIAS = FEATURES + 2;

  /** Offset of the input gate's parameters in φ. */
  static final int INPUT_GATE = 0;

  /** Offset of the forget gate's parameters in φ. */
  static final int FORGET_GATE = GATE;

  /** The preprocessing constant p of Andrychowicz et al. (2016), as Ravi &amp; Larochelle use. */
  static final float P = 10f;

  @Override
  public String name() {
    return "metalstm";
  }

  @Override
  public int parameterCount() {
    return 2 * GATE;
  }

  /**
   * Gate weights U(−0.01, 0.01) and b_F ~ U(4, 6), so f ≈ 1 (no decay at first), as Ravi &amp;
   * Larochelle; but b_I ~ U(−2.5, −2), so i ≈ 0.1, where they draw b_I from U(−5, −4), i ≈ 0.01.
   * With i ≈ 0.01 the meta-training first has to raise the learning rate to where plain SGD already
   * is (5-way 1-shot Omniglot, 32-channel conv learner: 40% validation accuracy at the start
   * against 60% with i ≈ 0.1, and 55% against 76% after 100 meta-updates), which a 30-minute budget
   * cannot afford.
   */
  @Override
  public void initialize(Rng rng, float[] phi) {
    float[] w = new float[2 * GATE];
    rng.fillUniform(w, -0.01f, 0.01f);
    System.arraycopy(w, 0, phi, 0, w.length);
    float[] b = new float[2];
    rng.fillUniform(b, 0f, 1f);
    phi[INPUT_GATE + BIAS] = -2.5f + 0.5f * b[0];
    phi[FORGET_GATE + BIAS] = 4f + 2f * b[1];
  }

  @Override
  public Run newRun(int coordinates, int steps) {
    return new CellRun(coordinates, steps);
  }

  /** The per-step gate values of the last inner loop, for plots: [step][coordinate]. */
  public interface GateTrace {
    /** i_t per coordinate, t = 1..T as index 0..T−1. */
    float[][] inputGates();

    /** f_t per coordinate. */
    float[][] forgetGates();
  }

  /** One inner loop's records: θ_{t−1}, ∇_t, the features, and both gates, per step. */
  private static final class CellRun implements Run, GateTrace {
    private final int n;
    private final int steps;
    private final float[][] thetaPrev;
    private final float[][] grads;
    private final float[][] features;
    private final float[][] inputGate;
    private final float[][] forgetGate;
    private final float[] zi;
    private final float[] zf;

    CellRun(int n, int steps) {
      this.n = n;
      this.steps = steps;
      thetaPrev = new float[steps][n];
      grads = new float[steps][n];
      inputGate = new float[steps][n];
      forgetGate = new float[steps][n];
      features = new float[steps][FEATURES * n];
      zi = new float[n];
      zf = new float[n];
    }

    @Override
    public void reset() {
      // Nothing carries over: i₀ = f₀ = 0 and θ₀ comes from the caller.
    }

    @Override
    public void step(float[] phi, int t, float[] theta, float[] grad, float loss) {
      System.arraycopy(theta, 0, thetaPrev[t], 0, n);
      System.arraycopy(grad, 0, grads[t], 0, n);
      writeFeatures(grad, loss, features[t], n);
      gate(phi, INPUT_GATE, t, inputGate, zi);
      gate(phi, FORGET_GATE, t, forgetGate, zf);
      float[] i = inputGate[t];
      float[] f = forgetGate[t];
      for (int b = 0; b < n; b++) {
        theta[b] = f[b] * theta[b] - i[b] * grad[b];
      }
    }

    /** gates[t] = σ(w·[x, θ_{t−1}, gates[t−1]] + bias) per coordinate. */
    private void gate(float[] phi, int off, int t, float[][] gates, float[] z) {
      float[] x = features[t];
      float[] theta = thetaPrev[t];
      float[] prev = t > 0 ? gates[t - 1] : null;
      float wTheta = phi[off + THETA];
      float wPrev = phi[off + PREVIOUS];
      float bias = phi[off + BIAS];
      for (int b = 0; b < n; b++) {
        z[b] = bias + wTheta * theta[b] + (prev == null ? 0f : wPrev * prev[b]);
      }
      for (int k = 0; k < FEATURES; k++) {
        float w = phi[off + k];
        int row = k * n;
        for (int b = 0; b < n; b++) {
          z[b] += w * x[row + b];
        }
      }
      VectorMath.sigmoid(z, 0, gates[t], 0, n);
    }

    @Override
    public void backward(float[] phi, float[] dtheta, float[] dphi) {
      float wiTheta = phi[INPUT_GATE + THETA];
      float wiPrev = phi[INPUT_GATE + PREVIOUS];
      float wfTheta = phi[FORGET_GATE + THETA];
      float wfPrev = phi[FORGET_GATE + PREVIOUS];
      float[] di = new float[n];
      float[] df = new float[n];
      // Sums over coordinates and steps in double: 10⁵ coordinates × 10 steps of float adds would
      // lose the small terms.
      double[] gi = new double[GATE];
      double[] gf = new double[GATE];
      for (int t = steps - 1; t >= 0; t--) {
        float[] i = inputGate[t];
        float[] f = forgetGate[t];
        float[] th = thetaPrev[t];
        float[] g = grads[t];
        for (int b = 0; b < n; b++) {
          float a = dtheta[b];
          float dzi = (di[b] - a * g[b]) * i[b] * (1f - i[b]);
          float dzf = (df[b] + a * th[b]) * f[b] * (1f - f[b]);
          zi[b] = dzi;
          zf[b] = dzf;
          dtheta[b] = a * f[b] + wiTheta * dzi + wfTheta * dzf;
          di[b] = wiPrev * dzi;
          df[b] = wfPrev * dzf;
        }
        float[] x = features[t];
        for (int k = 0; k < FEATURES; k++) {
          gi[k] += dot(zi, x, k * n, n);
          gf[k] += dot(zf, x, k * n, n);
        }
        gi[THETA] += dot(zi, th, 0, n);
        gf[THETA] += dot(zf, th, 0, n);
        if (t > 0) {
          gi[PREVIOUS] += dot(zi, inputGate[t - 1], 0, n);
          gf[PREVIOUS] += dot(zf, forgetGate[t - 1], 0, n);
        }
        gi[BIAS] += sum(zi, n);
        gf[BIAS] += sum(zf, n);
      }
      for (int k = 0; k < GATE; k++) {
        dphi[INPUT_GATE + k] += (float) gi[k];
        dphi[FORGET_GATE + k] += (float) gf[k];
      }
    }

    @Override
    public float[][] inputGates() {
      return inputGate;
    }

    @Override
    public float[][] forgetGates() {
      return forgetGate;
    }
  }

  /** Σ_b dz[b] in double. */
  static double sum(float[] dz, int n) {
    double s = 0;
    for (int b = 0; b < n; b++) {
      s += dz[b];
    }
    return s;
  }

  /** Σ_b dz[b]·x[off + b] in double. */
  static double dot(float[] dz, float[] x, int off, int n) {
    double s = 0;
    for (int b = 0; b < n; b++) {
      s += dz[b] * x[off + b];
    }
    return s;
  }

  /**
   * Rows 0–1: the log/sign preprocessed gradient; rows 2–3: the preprocessed loss, the same for
   * every coordinate (row stride {@code n}).
   */
  static void writeFeatures(float[] grad, float loss, float[] x, int n) {
    Preprocessing.LOG_SIGN.apply(grad, n, P, x, 0, n);
    float[] l = new float[2];
    Preprocessing.LOG_SIGN.apply(new float[] {loss}, 1, P, l, 0, 1);
    java.util.Arrays.fill(x, 2 * n, 3 * n, l[0]);
    java.util.Arrays.fill(x, 3 * n, 4 * n, l[1]);
  }
}
