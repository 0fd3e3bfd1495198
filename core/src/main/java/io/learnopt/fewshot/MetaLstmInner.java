package io.learnopt.fewshot;

import io.learnopt.UsageException;
import io.learnopt.learned.Preprocessing;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.lopt.TruncationLoss;
import io.learnopt.lopt.Unroll;
import io.learnopt.lopt.UnrollShape;
import io.learnopt.optim.NamedArrays;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Rng;

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
 * coordinates; i₀ = f₀ = 0. {@link #withMemory} gives {@code metalstm-v2}: x_t is the hidden state
 * of a coordinatewise LSTM that reads those features ({@link GradientMemory}), so the gates see a
 * memory of past gradients.
 *
 * <p>Backward (first order, ∇_t and the loss are inputs): with a = ∂L/∂θ_t and the carried adjoints
 * of the previous gates, ∂L/∂i_t = −a⊙∇_t + (W_I)_prev·∂L/∂z_i(t+1), ∂L/∂f_t = a⊙θ_{t−1} +
 * (W_F)_prev·∂L/∂z_f(t+1), ∂L/∂z = ∂L/∂gate ⊙ gate(1 − gate), and ∂L/∂θ_{t−1} = a⊙f_t +
 * (W_I)_θ·∂L/∂z_i + (W_F)_θ·∂L/∂z_f.
 */
public final class MetaLstmInner implements LearnedOptimizer {
  /** Preprocessed inputs per coordinate: gradient (log, sign) and loss (log, sign). */
  static final int FEATURES = 4;

  /** Parameters per gate of {@code metalstm}: 4 feature weights, θ's, the previous gate's, bias. */
  static final int GATE = FEATURES + 3;

  /** Offset of {@code metalstm}'s input-gate parameters in φ. */
  static final int INPUT_GATE = 0;

  /** Offset of {@code metalstm}'s forget-gate parameters in φ. */
  static final int FORGET_GATE = GATE;

  /** The preprocessing constant p of Andrychowicz et al. (2016), as Ravi &amp; Larochelle use. */
  static final float P = 10f;

  /** Units of {@code metalstm-v2}'s gradient memory, as the L2L optimizer's layers. */
  public static final int MEMORY_UNITS = 20;

  private final GradientMemory memory;

  /** The meta-learner LSTM, {@code metalstm}: gates fed by the preprocessed gradient and loss. */
  public MetaLstmInner() {
    this(null);
  }

  private MetaLstmInner(GradientMemory memory) {
    this.memory = memory;
  }

  /** {@code metalstm-v2}: the cell over a gradient memory of {@code units} LSTM units. */
  public static MetaLstmInner withMemory(int units) {
    return new MetaLstmInner(new GradientMemory(units));
  }

  @Override
  public String name() {
    return memory == null ? "metalstm" : "metalstm-v2";
  }

  /** Per-coordinate inputs of each gate besides θ and the previous gate. */
  private int features() {
    return memory == null ? FEATURES : memory.hidden();
  }

  /** Offset in φ of the input gate's ({@code forget}: the forget gate's) parameters. */
  private int gateOffset(boolean forget) {
    return (memory == null ? 0 : memory.parameterCount()) + (forget ? features() + 3 : 0);
  }

  @Override
  public int parameterCount() {
    return gateOffset(true) + features() + 3;
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
    if (memory != null) {
      memory.initialize(rng, phi);
    }
    int start = gateOffset(false);
    float[] w = new float[2 * (features() + 3)];
    rng.fillUniform(w, -0.01f, 0.01f);
    System.arraycopy(w, 0, phi, start, w.length);
    float[] b = new float[2];
    rng.fillUniform(b, 0f, 1f);
    phi[gateOffset(false) + features() + 2] = -2.5f + 0.5f * b[0];
    phi[gateOffset(true) + features() + 2] = 4f + 2f * b[1];
  }

  @Override
  public Unroll newUnroll(UnrollShape shape, int steps) {
    return new CellRun(shape, steps);
  }

  /**
   * The rule with φ fixed as a plain optimizer. It reads the loss, so call {@link
   * Optimizer#update(float[], float[], float, Optimizer.State, float[])}; the update is θ_{t+1} −
   * θ_t.
   */
  @Override
  public Optimizer bind(float[] phi) {
    float[] fixed = phi.clone();
    if (fixed.length != parameterCount()) {
      throw new IllegalArgumentException(
          name() + " needs " + parameterCount() + " meta-parameters, got " + fixed.length);
    }
    return new BoundCell(fixed);
  }

  /** One step at a time through a one-step unroll whose gates and memory carry over. */
  private final class BoundCell implements Optimizer {
    private final float[] phi;

    BoundCell(float[] phi) {
      this.phi = phi;
    }

    /** The carried gates (and gradient memory) between steps: what a checkpoint saves. */
    private record CellState(CellRun run, float[] theta, float[] losses) implements State {
      @Override
      public void save(NamedArrays out) {
        run.saveCarried(out);
      }

      @Override
      public void restore(NamedArrays in) {
        run.restoreCarried(in);
      }
    }

    @Override
    public State init(int coordinates) {
      CellRun run = new CellRun(UnrollShape.single(coordinates), 1);
      run.reset();
      return new CellState(run, new float[coordinates], new float[1]);
    }

    @Override
    public void update(float[] grad, float[] params, State state, float[] update) {
      throw new UsageException(
          name() + " reads the loss: call update(grad, params, loss, state, update)");
    }

    @Override
    public void update(float[] grad, float[] params, float loss, State state, float[] update) {
      CellState s = (CellState) state;
      System.arraycopy(params, 0, s.theta(), 0, s.theta().length);
      s.losses()[0] = loss;
      s.run().step(phi, 0, s.theta(), grad, s.losses());
      for (int i = 0; i < update.length; i++) {
        update[i] = s.theta()[i] - params[i];
      }
      s.run().carryOver();
    }

    @Override
    public String name() {
      return MetaLstmInner.this.name();
    }
  }

  /** The per-step gate values of the last inner loop, for plots: [step][coordinate]. */
  public interface GateTrace {
    /** i_t per coordinate, t = 1..T as index 0..T−1. */
    float[][] inputGates();

    /** f_t per coordinate. */
    float[][] forgetGates();
  }

  /** One inner loop's records: θ_{t−1}, ∇_t, the features, and both gates, per step. */
  private final class CellRun implements Unroll, GateTrace {
    private final UnrollShape shape;
    private final int n;
    private final int inputs = features();
    private final int theta = inputs;
    private final int previous = inputs + 1;
    private final int bias = inputs + 2;
    private final GradientMemory.Store store;
    private final int steps;
    private final float[][] thetaPrev;
    private final float[][] grads;
    private final float[][] features;
    private final float[][] inputGate;
    private final float[][] forgetGate;
    private final float[] zi;
    private final float[] zf;
    private final float[] carriedInput;
    private final float[] carriedForget;
    private boolean carried;

    CellRun(UnrollShape shape, int steps) {
      int n = shape.coordinates();
      this.shape = shape;
      this.n = n;
      this.steps = steps;
      thetaPrev = new float[steps][n];
      grads = new float[steps][n];
      inputGate = new float[steps][n];
      forgetGate = new float[steps][n];
      features = memory == null ? new float[steps][FEATURES * n] : null;
      store = memory == null ? null : memory.new Store(n, steps);
      zi = new float[n];
      zf = new float[n];
      carriedInput = new float[n];
      carriedForget = new float[n];
    }

    @Override
    public long activationBytes() {
      long perStep = 5L * n + (features == null ? 0 : (long) FEATURES * n);
      return 4 * (perStep * steps + (store == null ? 0 : store.floats()));
    }

    @Override
    public void reset() {
      // i₀ = f₀ = 0 and θ₀ comes from the caller; the gradient memory starts from zero.
      carried = false;
      if (store != null) {
        store.reset();
      }
    }

    /** The gates after the last step become i₀, f₀ of the next truncation, as does the memory. */
    @Override
    public void carryOver() {
      System.arraycopy(inputGate[steps - 1], 0, carriedInput, 0, n);
      System.arraycopy(forgetGate[steps - 1], 0, carriedForget, 0, n);
      carried = true;
      if (store != null) {
        store.carryOver();
      }
    }

    /** Saves the carried state: i and f of the last step, and the gradient memory's h and c. */
    void saveCarried(NamedArrays out) {
      out.putCounter("carried", carried ? 1 : 0);
      out.putArray("input_gate", carriedInput);
      out.putArray("forget_gate", carriedForget);
      if (store != null) {
        store.saveCarried(out.scope("memory"));
      }
    }

    /** Restores what {@link #saveCarried} wrote. */
    void restoreCarried(NamedArrays in) {
      carried = in.counter("carried") != 0;
      System.arraycopy(in.array("input_gate", n), 0, carriedInput, 0, n);
      System.arraycopy(in.array("forget_gate", n), 0, carriedForget, 0, n);
      if (store != null) {
        store.restoreCarried(in.scope("memory"));
      }
    }

    /** The gate before step t: step t−1's, the carried one at t = 0, or null (zero). */
    private float[] previous(float[][] gates, float[] carriedGate, int t) {
      return t > 0 ? gates[t - 1] : carried ? carriedGate : null;
    }

    /** The array holding step t's gate features. */
    private float[] x(int t) {
      return store == null ? features[t] : store.hiddenArray();
    }

    /** Where feature k of step t starts in {@link #x}. */
    private int xRow(int t, int k) {
      return store == null ? k * n : store.hiddenOffset(t) + k * store.stride();
    }

    @Override
    public void step(float[] phi, int t, float[] theta, float[] grad, float[] losses) {
      System.arraycopy(theta, 0, thetaPrev[t], 0, n);
      System.arraycopy(grad, 0, grads[t], 0, n);
      if (store == null) {
        writeFeatures(grad, shape, losses, features[t], 0, n);
      } else {
        store.forward(phi, t, grad, shape, losses);
      }
      gate(phi, gateOffset(false), t, inputGate, carriedInput, zi);
      gate(phi, gateOffset(true), t, forgetGate, carriedForget, zf);
      float[] i = inputGate[t];
      float[] f = forgetGate[t];
      for (int b = 0; b < n; b++) {
        theta[b] = f[b] * theta[b] - i[b] * grad[b];
      }
    }

    /** gates[t] = σ(w·[x, θ_{t−1}, gates[t−1]] + bias) per coordinate. */
    private void gate(
        float[] phi, int off, int t, float[][] gates, float[] carriedGate, float[] z) {
      float[] x = x(t);
      float[] th = thetaPrev[t];
      float[] prev = previous(gates, carriedGate, t);
      float wTheta = phi[off + theta];
      float wPrev = phi[off + previous];
      float b0 = phi[off + bias];
      for (int b = 0; b < n; b++) {
        z[b] = b0 + wTheta * th[b] + (prev == null ? 0f : wPrev * prev[b]);
      }
      for (int k = 0; k < inputs; k++) {
        float w = phi[off + k];
        int row = xRow(t, k);
        for (int b = 0; b < n; b++) {
          z[b] += w * x[row + b];
        }
      }
      Kernels.sigmoid(z, 0, gates[t], 0, n);
    }

    /**
     * The adjoint a of θ starts at s·w_T·∇ℓ(θ_T) and, after the transition into θ_t has been
     * undone, takes θ_t's own term s·w_t·∇f(θ_t).
     */
    @Override
    public void backward(float[] phi, TruncationLoss loss, float[] dtheta0, float[] dphi) {
      float[] dtheta = new float[n];
      float last = loss.scaledWeight(steps);
      float[] finalGradient = loss.finalGradient();
      for (int b = 0; b < n; b++) {
        dtheta[b] = last * finalGradient[b];
      }
      int offI = gateOffset(false);
      int offF = gateOffset(true);
      float wiTheta = phi[offI + theta];
      float wiPrev = phi[offI + previous];
      float wfTheta = phi[offF + theta];
      float wfPrev = phi[offF + previous];
      if (store != null) {
        store.startBackward(phi);
      }
      float[] di = new float[n];
      float[] df = new float[n];
      // Sums over coordinates and steps in double: 10⁵ coordinates × 10 steps of float adds would
      // lose the small terms.
      double[] gi = new double[inputs + 3];
      double[] gf = new double[inputs + 3];
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
        float[] x = x(t);
        for (int k = 0; k < inputs; k++) {
          gi[k] += dot(zi, x, xRow(t, k), n);
          gf[k] += dot(zf, x, xRow(t, k), n);
        }
        gi[theta] += dot(zi, th, 0, n);
        gf[theta] += dot(zf, th, 0, n);
        float[] prevI = previous(inputGate, carriedInput, t);
        if (prevI != null) {
          gi[previous] += dot(zi, prevI, 0, n);
          gf[previous] += dot(zf, previous(forgetGate, carriedForget, t), 0, n);
        }
        gi[bias] += sum(zi, n);
        gf[bias] += sum(zf, n);
        if (store != null) {
          store.backwardStep(t, phi, zi, offI, zf, offF);
        }
        float w = t == 0 ? 0f : loss.scaledWeight(t);
        if (w != 0f) {
          for (int b = 0; b < n; b++) {
            dtheta[b] += w * g[b];
          }
        }
      }
      if (dtheta0 != null) {
        System.arraycopy(dtheta, 0, dtheta0, 0, n);
      }
      for (int k = 0; k < inputs + 3; k++) {
        dphi[offI + k] += (float) gi[k];
        dphi[offF + k] += (float) gf[k];
      }
      if (store != null) {
        store.finishBackward(dphi);
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
   * Rows 0–1 at {@code x[off]}: the log/sign preprocessed gradient; rows 2–3: each task's
   * preprocessed loss, the same for every coordinate of the task (row stride {@code stride}).
   */
  static void writeFeatures(
      float[] grad, UnrollShape shape, float[] losses, float[] x, int off, int stride) {
    Preprocessing.LOG_SIGN.apply(grad, shape.coordinates(), P, x, off, stride);
    float[] l = new float[2];
    for (int k = 0; k < shape.tasks(); k++) {
      Preprocessing.LOG_SIGN.apply(new float[] {losses[k]}, 1, P, l, 0, 1);
      int from = shape.taskStart(k);
      int to = shape.taskStart(k + 1);
      java.util.Arrays.fill(x, off + 2 * stride + from, off + 2 * stride + to, l[0]);
      java.util.Arrays.fill(x, off + 3 * stride + from, off + 3 * stride + to, l[1]);
    }
  }
}
