package io.learnopt.learned;

import io.learnopt.UsageException;
import java.util.Locale;

/**
 * How the LSTM optimizer reads a gradient coordinate (Andrychowicz et al. 2016, Appendix A).
 *
 * <ul>
 *   <li>{@link #RAW}: one input, the gradient itself.
 *   <li>{@link #LOG_SIGN}: two inputs, (log|g|/p, sign g) if |g| ≥ e^(−p), else (−1, e^p·g). It
 *       puts gradients of any magnitude into a range the LSTM's saturating gates can read.
 *   <li>{@link #ADAM}: two inputs, m̂/(√v̂ + ε) and g/(√v̂ + ε) with Adam's bias-corrected moments
 *       at β₁ = β₂ = 0.95 (RNNprop, Lv et al. 2017): invariant to the gradient's scale, and bounded
 *       by about √(1/(1−β₂)). The moments are state carried per coordinate ({@link AdamInputs}),
 *       not a function of one gradient, so the trajectory writes these inputs itself and {@link
 *       #apply} refuses them.
 * </ul>
 */
public enum Preprocessing {
  /** The raw gradient, one input. */
  RAW(1),
  /** The log-magnitude and sign of the gradient, two inputs. */
  LOG_SIGN(2),
  /** RNNprop's Adam-normalized momentum and gradient, two inputs. */
  ADAM(2);

  private final int inputs;

  Preprocessing(int inputs) {
    this.inputs = inputs;
  }

  /** Number of LSTM inputs per coordinate. */
  public int inputs() {
    return inputs;
  }

  /** The CLI name: {@code raw}, {@code log-sign} or {@code adam}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the inputs are a function of the current gradient alone ({@link #apply} works). */
  public boolean stateless() {
    return this != ADAM;
  }

  /** Parses {@code raw}, {@code log-sign} or {@code adam}. */
  public static Preprocessing parse(String name) {
    for (Preprocessing p : values()) {
      if (p.cliName().equals(name)) {
        return p;
      }
    }
    throw new UsageException(
        "unknown preprocessing '" + name + "': choose one of raw, log-sign, adam");
  }

  /**
   * Writes the inputs for gradient coordinates {@code grad[0..n)} into {@code out} rows {@code
   * [outOff, outOff + inputs)} with row stride {@code stride}.
   */
  public void apply(float[] grad, int n, float p, float[] out, int outOff, int stride) {
    apply(grad, 0, n, p, out, outOff, stride);
  }

  /** As above for the n gradients starting at {@code grad[gradOff]}. */
  public void apply(
      float[] grad, int gradOff, int n, float p, float[] out, int outOff, int stride) {
    if (this == RAW) {
      System.arraycopy(grad, gradOff, out, outOff, n);
      return;
    }
    if (this == ADAM) {
      throw new IllegalStateException("adam inputs need the carried moments: use AdamInputs");
    }
    float threshold = (float) Math.exp(-p);
    float expP = (float) Math.exp(p);
    for (int b = 0; b < n; b++) {
      float g = grad[gradOff + b];
      float magnitude = Math.abs(g);
      if (magnitude >= threshold) {
        out[outOff + b] = (float) Math.log(magnitude) / p;
        out[outOff + stride + b] = Math.signum(g);
      } else {
        out[outOff + b] = -1f;
        out[outOff + stride + b] = expP * g;
      }
    }
  }
}
