package io.learnopt.problem;

import io.learnopt.UsageException;
import java.util.List;
import java.util.Set;

/** The problem registry: parses specs such as {@code quadratic} or {@code quadratic:dim=20}. */
public final class Problems {
  private Problems() {}

  /** The registered problem names. */
  public static List<String> names() {
    return List.of("quadratic", "polynomial", "rosenbrock");
  }

  /** Parses a problem spec; unknown names and options are usage errors listing the valid ones. */
  public static Problem parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new UsageException("no problem given: choose one of " + names());
    }
    ProblemOptions options = ProblemOptions.parse(spec.trim());
    return switch (options.name()) {
      case "quadratic" -> {
        options.allowOnly(Set.of("dim"));
        yield new QuadraticProblem(options.intValue("dim", 10));
      }
      case "polynomial" -> {
        options.allowOnly(Set.of("degree", "samples", "noise"));
        yield new PolynomialProblem(
            options.intValue("degree", 6),
            options.intValue("samples", 50),
            options.doubleValue("noise", 0.1));
      }
      case "rosenbrock" -> {
        options.allowOnly(Set.of());
        yield new RosenbrockProblem();
      }
      default ->
          throw new UsageException(
              "unknown problem '" + options.name() + "': choose one of " + names());
    };
  }
}
