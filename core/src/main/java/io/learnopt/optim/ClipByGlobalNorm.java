package io.learnopt.optim;

/**
 * Gradient clipping by the global L2 norm (Pascanu, Mikolov &amp; Bengio 2013, "On the difficulty
 * of training recurrent neural networks", Algorithm 1):
 *
 * <pre>
 *   g ← g · maxNorm / ‖g‖₂   if ‖g‖₂ &gt; maxNorm,   else g unchanged
 * </pre>
 *
 * <p>The direction is kept and only the length is capped, which tames the exploding gradients of
 * long unrolls (the meta-gradient through an LSTM optimizer) without biasing small gradients.
 * "Global" means one norm over all coordinates, as optax's {@code clip_by_global_norm}.
 *
 * <p>The squares are summed in double: a float sum over 10⁴–10⁶ coordinates loses digits, and any
 * |g| above ~1.8e19 would overflow g² in float although the clipped result is representable. A
 * non-finite gradient stays non-finite (an infinite entry becomes NaN), so NaN checks downstream
 * still fire instead of the clip silently hiding the blow-up.
 *
 * @param maxNorm the largest allowed global norm, {@code > 0}
 */
public record ClipByGlobalNorm(double maxNorm) implements GradientTransform {
  private static final String NAME = "clip";

  /** Validates {@code maxNorm}. */
  public ClipByGlobalNorm {
    new HyperParameters(NAME).positive("maxNorm", maxNorm);
  }

  /**
   * The per-run data: the norm measured by the last {@link #apply}, for logging. The clip keeps
   * nothing its output depends on, so it saves nothing and a restore leaves the state as it is.
   */
  public static final class State implements GradientTransform.State {
    private final int coordinates;
    private double lastNorm = Double.NaN;

    State(int coordinates) {
      this.coordinates = coordinates;
    }

    /** ‖g‖₂ of the last gradient seen, before clipping; NaN before the first step. */
    public double lastNorm() {
      return lastNorm;
    }

    @Override
    public void save(NamedArrays out) {}

    @Override
    public void restore(NamedArrays in) {}
  }

  @Override
  public State init(int coordinates) {
    return new State(UpdateArguments.coordinates(NAME, coordinates));
  }

  @Override
  public void apply(float[] grad, float[] params, GradientTransform.State state, float[] out) {
    State s = UpdateArguments.state(NAME, state, State.class);
    UpdateArguments.transformLengths(NAME, s.coordinates, grad, params, out);
    double sumSquares = 0;
    for (float g : grad) {
      sumSquares += (double) g * g;
    }
    double norm = Math.sqrt(sumSquares);
    s.lastNorm = norm;
    // NaN > maxNorm is false: a NaN gradient passes through as NaN, which is what we want.
    if (!(norm > maxNorm)) {
      if (out != grad) {
        System.arraycopy(grad, 0, out, 0, grad.length);
      }
      return;
    }
    // The scale stays in double so each clipped entry is rounded once.
    double scale = maxNorm / norm;
    for (int i = 0; i < grad.length; i++) {
      out[i] = (float) (grad[i] * scale);
    }
  }

  @Override
  public String name() {
    return NAME + "(" + maxNorm + ")";
  }
}
