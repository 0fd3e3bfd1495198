package io.learnopt.nn;

import io.learnopt.UsageException;
import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A hidden-layer nonlinearity, named in specs and on the command line by its lower-case id. */
public enum Activation {
  /** σ(x) = 1/(1 + e^(−x)), the L2L paper's MNIST MLP activation. */
  SIGMOID,
  /** tanh(x). */
  TANH,
  /** max(x, 0). */
  RELU;

  /** The lower-case name used in specs: {@code sigmoid}, {@code tanh}, {@code relu}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Applies this nonlinearity elementwise on {@code tape}. */
  public Var apply(Tape tape, Var x) {
    return switch (this) {
      case SIGMOID -> tape.sigmoid(x);
      case TANH -> tape.tanh(x);
      case RELU -> tape.relu(x);
    };
  }

  /** The activation called {@code name} (case-insensitive); the error lists the valid names. */
  public static Activation parse(String name) {
    String id = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Activation a : values()) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    throw new UsageException(
        "unknown activation '"
            + name
            + "'; valid: "
            + Arrays.stream(values()).map(Activation::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id();
  }
}
