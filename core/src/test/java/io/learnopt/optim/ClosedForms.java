package io.learnopt.optim;

/**
 * The transformations' update rules written out in double for one coordinate, as their papers (and
 * PyTorch's documentation) state them: the references the float implementations are checked
 * against. A rule's reference is its transformation's, scaled by −lr (or −1 for Rprop).
 */
final class ClosedForms {
  private ClosedForms() {}

  /** One coordinate's output at step t ≥ 1 for gradient g, advancing that coordinate's state s. */
  interface Reference {
    double update(int t, double g, double[] s);
  }

  /** f times {@code reference}'s output. */
  static Reference scaled(double f, Reference reference) {
    return (t, g, s) -> f * reference.update(t, g, s);
  }

  /** v ← β·v + g; v, or g + β·v with Nesterov's look-ahead. State {v}. */
  static Reference trace(double beta, boolean nesterov) {
    return (t, g, s) -> {
      s[0] = beta * s[0] + g;
      return nesterov ? g + beta * s[0] : s[0];
    };
  }

  /** s ← ρ·s + (1 − ρ)·g²; g/(√s + ε). State {s}. */
  static Reference rms(double decay, double eps) {
    return (t, g, s) -> {
      s[0] = decay * s[0] + (1 - decay) * g * g;
      return g / (Math.sqrt(s[0]) + eps);
    };
  }

  /** s ← s + g²; g/(√s + ε). State {s₀}. */
  static Reference rss(double eps) {
    return (t, g, s) -> {
      s[0] += g * g;
      return g / (Math.sqrt(s[0]) + eps);
    };
  }

  /** Adam's Algorithm 1 without the learning rate: m̂/(√v̂ + ε). State {m, v}. */
  static Reference adam(double beta1, double beta2, double eps) {
    return (t, g, s) -> {
      s[0] = beta1 * s[0] + (1 - beta1) * g;
      s[1] = beta2 * s[1] + (1 - beta2) * g * g;
      double mHat = s[0] / (1 - Math.pow(beta1, t));
      double vHat = s[1] / (1 - Math.pow(beta2, t));
      return mHat / (Math.sqrt(vHat) + eps);
    };
  }

  /** PyTorch's iRprop⁻ without the final sign flip: sign(g)·Δ. State {Δ₀, g_prev = 0}. */
  static Reference rprop(double etaMinus, double etaPlus, double stepMin, double stepMax) {
    return (t, grad, s) -> {
      double g = grad;
      if (g * s[1] > 0) {
        s[0] *= etaPlus;
      } else if (g * s[1] < 0) {
        s[0] *= etaMinus;
        g = 0;
      }
      s[0] = Math.min(Math.max(s[0], stepMin), stepMax);
      s[1] = g;
      return Math.signum(g) * s[0];
    };
  }
}
