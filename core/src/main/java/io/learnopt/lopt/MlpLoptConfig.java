package io.learnopt.lopt;

import java.util.Arrays;

/**
 * The shape of {@link MlpLopt}: a small MLP applied to every parameter coordinate (weights shared),
 * reading features of the gradient history and emitting u = stepScale·d·exp(expScale·m) from its
 * two outputs, a direction d and a log-magnitude m (the form of learned_optimization's {@code
 * MLPLOpt}; the small fixed scales keep a freshly initialized rule's steps tiny).
 *
 * @param hidden units of each hidden layer (ReLU)
 * @param momentumDecays decays β of the momenta m_β ← β·m_β + (1 − β)·g
 * @param rmsDecay decay of the second moment v ← β₂·v + (1 − β₂)·g²
 * @param timeScales τ of the time features tanh(t/τ), the same for every coordinate
 * @param stepScale the fixed factor of the direction
 * @param expScale the fixed factor inside the exponential of the magnitude
 */
public record MlpLoptConfig(
    int[] hidden,
    float[] momentumDecays,
    float rmsDecay,
    float[] timeScales,
    float stepScale,
    float expScale)
    implements java.io.Serializable {

  /** Checks sizes and ranges; copies the arrays. */
  public MlpLoptConfig {
    hidden = hidden.clone();
    momentumDecays = momentumDecays.clone();
    timeScales = timeScales.clone();
    if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1 || h > 4096)) {
      throw new IllegalArgumentException(
          "mlp-lopt: 1 to 4096 units per hidden layer, at least one layer, got "
              + Arrays.toString(hidden));
    }
    for (float b : momentumDecays) {
      requireDecay(b);
    }
    requireDecay(rmsDecay);
    for (float tau : timeScales) {
      if (!(tau > 0) || Float.isInfinite(tau)) {
        throw new IllegalArgumentException("mlp-lopt: time scales must be positive, got " + tau);
      }
    }
    if (!(stepScale > 0) || !(expScale > 0) || Float.isInfinite(stepScale + expScale)) {
      throw new IllegalArgumentException(
          "mlp-lopt: step and exp scales must be positive, got " + stepScale + ", " + expScale);
    }
  }

  private static void requireDecay(float b) {
    if (!(b >= 0 && b < 1)) {
      throw new IllegalArgumentException("mlp-lopt: decays must be in [0, 1), got " + b);
    }
  }

  /**
   * The default: two hidden layers of 8 (a step must stay cheap next to the gradient; see
   * bench/README.md), momenta at 0.5, 0.9, 0.99 and 0.999, v at 0.999, time scales 1 … 10⁴ in half
   * decades, both scales 10⁻³.
   */
  public static MlpLoptConfig standard() {
    return new MlpLoptConfig(
        new int[] {8, 8},
        new float[] {0.5f, 0.9f, 0.99f, 0.999f},
        0.999f,
        new float[] {1, 3, 10, 30, 100, 300, 1000, 3000, 10000},
        1e-3f,
        1e-3f);
  }

  /**
   * Per-coordinate inputs: g, each momentum, √v, each momentum / (√v + ε) and 1 / √(v + ε′), each
   * normalized over its tensor.
   */
  public int coordinateFeatures() {
    return 2 * momentumDecays.length + 3;
  }

  /** Inputs of the first layer: the coordinate features, then the time features. */
  public int inputs() {
    return coordinateFeatures() + timeScales.length;
  }

  /** Floats of per-coordinate state: the momenta and v. */
  public int accumulators() {
    return momentumDecays.length + 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlpLoptConfig c
        && Arrays.equals(hidden, c.hidden)
        && Arrays.equals(momentumDecays, c.momentumDecays)
        && Float.compare(rmsDecay, c.rmsDecay) == 0
        && Arrays.equals(timeScales, c.timeScales)
        && Float.compare(stepScale, c.stepScale) == 0
        && Float.compare(expScale, c.expScale) == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hidden) * 31 + Arrays.hashCode(momentumDecays);
  }

  @Override
  public String toString() {
    return "MlpLoptConfig[hidden="
        + Arrays.toString(hidden)
        + ", momentumDecays="
        + Arrays.toString(momentumDecays)
        + ", rmsDecay="
        + rmsDecay
        + ", timeScales="
        + Arrays.toString(timeScales)
        + ", stepScale="
        + stepScale
        + ", expScale="
        + expScale
        + "]";
  }
}
