package io.learnopt.problem;

import io.learnopt.UsageException;
import java.util.Locale;

/**
 * The weights w_t of the meta-loss L = Σ_t w_t f(θ_t) over a horizon of T optimizee steps
 * (Andrychowicz et al. 2016, eq. 2; the paper uses w_t = 1).
 */
public enum StepWeighting {
  /** w_t = 1: every step's loss counts, so fast early progress is rewarded. */
  UNIFORM,
  /** w_t = t/T: later steps count more, closer to judging only the final loss. */
  LINEAR;

  /** w_t for global optimizee step {@code t} (1-based) of a horizon of {@code horizon} steps. */
  public float weight(int t, int horizon) {
    return this == UNIFORM ? 1f : (float) t / horizon;
  }

  /** The CLI name: {@code uniform} or {@code linear}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a CLI name. */
  public static StepWeighting parse(String name) {
    for (StepWeighting w : values()) {
      if (w.cliName().equals(name)) {
        return w;
      }
    }
    throw new UsageException("unknown step weighting '" + name + "': choose uniform or linear");
  }
}
