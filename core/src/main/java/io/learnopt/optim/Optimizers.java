package io.learnopt.optim;

import io.learnopt.UsageException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The registry of hand-designed optimizers: their names, their hyper-parameter keys and defaults,
 * and the spec syntax that names one on a command line or in a results file:
 *
 * <pre>
 *   spec  = name [ ":" key "=" number { "," key "=" number } ]
 *   e.g.    adam   adam:lr=1e-3   momentum:lr=0.1,beta=0.95
 * </pre>
 *
 * <p>Names and keys match case-insensitively; omitted keys take the optimizer's defaults. Bad specs
 * throw {@link UsageException}s that quote the spec and list the valid names or keys; range checks
 * are the optimizers' own (e.g. β may be 0, an initial accumulator may be 0, everything else must
 * be positive). {@link #spec} writes the full spec back, so every result can record exactly which
 * optimizer produced it. Also the factories for composition: {@link #chain} and {@link
 * #clipByGlobalNorm}.
 */
public final class Optimizers {
  private Optimizers() {}

  /**
   * One registered optimizer: the prototype's values are the defaults, so each default lives only
   * in the optimizer's own constants. Key 0 is always {@code lr}.
   */
  private record Entry<T extends Optimizer>(
      String name,
      Class<T> type,
      List<String> keys,
      double[] defaults,
      Function<double[], T> build,
      Function<T, double[]> values) {

    static <T extends Optimizer> Entry<T> of(
        Class<T> type,
        T prototype,
        Function<double[], T> build,
        Function<T, double[]> values,
        String... keys) {
      double[] defaults = values.apply(prototype);
      if (keys.length != defaults.length || !keys[0].equals("lr")) {
        throw new IllegalStateException("registry entry for " + prototype.name() + " is broken");
      }
      return new Entry<>(prototype.name(), type, List.of(keys), defaults, build, values);
    }

    int keyIndex(String key) {
      for (int k = 0; k < keys.size(); k++) {
        if (keys.get(k).equalsIgnoreCase(key)) {
          return k;
        }
      }
      return -1;
    }

    double[] valuesOf(Optimizer optimizer) {
      return values.apply(type.cast(optimizer));
    }
  }

  private static final List<Entry<?>> ENTRIES =
      List.of(
          Entry.of(
              Sgd.class,
              new Sgd(Sgd.DEFAULT_LR),
              v -> new Sgd(v[0]),
              o -> new double[] {o.lr()},
              "lr"),
          Entry.of(
              Momentum.class,
              new Momentum(Momentum.DEFAULT_LR),
              v -> new Momentum(v[0], v[1]),
              o -> new double[] {o.lr(), o.beta()},
              "lr",
              "beta"),
          Entry.of(
              Nesterov.class,
              new Nesterov(Nesterov.DEFAULT_LR),
              v -> new Nesterov(v[0], v[1]),
              o -> new double[] {o.lr(), o.beta()},
              "lr",
              "beta"),
          Entry.of(
              RmsProp.class,
              new RmsProp(RmsProp.DEFAULT_LR),
              v -> new RmsProp(v[0], v[1], v[2]),
              o -> new double[] {o.lr(), o.decay(), o.eps()},
              "lr",
              "decay",
              "eps"),
          Entry.of(
              Adam.class,
              new Adam(Adam.DEFAULT_LR),
              v -> new Adam(v[0], v[1], v[2], v[3]),
              o -> new double[] {o.lr(), o.beta1(), o.beta2(), o.eps()},
              "lr",
              "beta1",
              "beta2",
              "eps"),
          Entry.of(
              Adagrad.class,
              new Adagrad(Adagrad.DEFAULT_LR),
              v -> new Adagrad(v[0], v[1], v[2]),
              o -> new double[] {o.lr(), o.eps(), o.initialAccumulator()},
              "lr",
              "eps",
              "initialAccumulator"),
          Entry.of(
              Rprop.class,
              new Rprop(Rprop.DEFAULT_LR),
              v -> new Rprop(v[0], v[1], v[2], v[3], v[4]),
              o -> new double[] {o.lr(), o.etaMinus(), o.etaPlus(), o.stepMin(), o.stepMax()},
              "lr",
              "etaMinus",
              "etaPlus",
              "stepMin",
              "stepMax"));

  private static final List<String> NAMES = ENTRIES.stream().map(Entry::name).toList();

  /** The registered names in a fixed order: sgd, momentum, nag, rmsprop, adam, adagrad, rprop. */
  public static List<String> names() {
    return NAMES;
  }

  /** The hyper-parameter keys of optimizer {@code name}, {@code lr} first. */
  public static List<String> keys(String name) {
    return entry(name, null).keys();
  }

  /**
   * The optimizer a spec such as {@code momentum:lr=0.1,beta=0.95} describes.
   *
   * @throws UsageException for an empty spec, an unknown name or key, a key given twice, a value
   *     that is not a finite number, or a value out of the optimizer's range
   */
  public static Optimizer parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new UsageException(
          "empty optimizer spec; expected NAME or NAME:key=value,... with NAME one of "
              + String.join(", ", NAMES));
    }
    int colon = spec.indexOf(':');
    Entry<?> entry = entry(colon < 0 ? spec : spec.substring(0, colon), spec);
    double[] values = entry.defaults().clone();
    if (colon >= 0) {
      boolean[] given = new boolean[values.length];
      for (String item : spec.substring(colon + 1).split(",", -1)) {
        int eq = item.indexOf('=');
        if (eq < 0) {
          throw new UsageException(
              "optimizer spec '"
                  + spec
                  + "': expected key=value, got '"
                  + item.strip()
                  + "'; keys for "
                  + entry.name()
                  + ": "
                  + String.join(", ", entry.keys()));
        }
        String key = item.substring(0, eq).strip();
        int k = entry.keyIndex(key);
        if (k < 0) {
          throw new UsageException(
              "optimizer spec '"
                  + spec
                  + "': unknown key '"
                  + key
                  + "' for "
                  + entry.name()
                  + "; valid keys: "
                  + String.join(", ", entry.keys()));
        }
        if (given[k]) {
          throw new UsageException(
              "optimizer spec '" + spec + "': key " + entry.keys().get(k) + " given twice");
        }
        given[k] = true;
        values[k] = number(spec, entry.keys().get(k), item.substring(eq + 1).strip());
      }
    }
    try {
      return entry.build().apply(values);
    } catch (UsageException e) {
      throw new UsageException("optimizer spec '" + spec + "': " + e.getMessage());
    }
  }

  /** Optimizer {@code name} with learning rate {@code lr} (Rprop: initial step) and defaults. */
  public static Optimizer withLearningRate(String name, double lr) {
    Entry<?> entry = entry(name, null);
    double[] values = entry.defaults().clone();
    values[0] = lr;
    return entry.build().apply(values);
  }

  /** The default learning rate of optimizer {@code name} (a starting point for tuning). */
  public static double defaultLearningRate(String name) {
    return entry(name, null).defaults()[0];
  }

  /**
   * The full spec of a registered optimizer, every key written out, e.g. {@code
   * adam:lr=0.001,beta1=0.9,beta2=0.999,eps=1.0E-8}; {@link #parse} of it gives an equal optimizer.
   *
   * @throws IllegalArgumentException if {@code optimizer} is not one of the registered types
   */
  public static String spec(Optimizer optimizer) {
    for (Entry<?> entry : ENTRIES) {
      if (entry.type() == optimizer.getClass()) {
        double[] values = entry.valuesOf(optimizer);
        StringBuilder spec = new StringBuilder(entry.name());
        for (int k = 0; k < values.length; k++) {
          spec.append(k == 0 ? ':' : ',').append(entry.keys().get(k)).append('=');
          spec.append(format(values[k]));
        }
        return spec.toString();
      }
    }
    throw new IllegalArgumentException(
        "no spec for " + optimizer.name() + ": not one of " + String.join(", ", NAMES));
  }

  /** {@code transform} applied to the gradient before {@code rule}; see {@link Chain}. */
  public static Chain chain(GradientTransform transform, Optimizer rule) {
    return new Chain(List.of(transform), rule);
  }

  /** {@code transforms} applied in order to the gradient before {@code rule}. */
  public static Chain chain(List<GradientTransform> transforms, Optimizer rule) {
    return new Chain(transforms, rule);
  }

  /** Rescales the gradient to global L2 norm {@code maxNorm} when it is longer. */
  public static ClipByGlobalNorm clipByGlobalNorm(double maxNorm) {
    return new ClipByGlobalNorm(maxNorm);
  }

  /** The entry named {@code name} (case-insensitive); {@code spec} is quoted in the error. */
  private static Entry<?> entry(String name, String spec) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (Entry<?> entry : ENTRIES) {
      if (entry.name().equals(wanted)) {
        return entry;
      }
    }
    throw new UsageException(
        "unknown optimizer '"
            + (name == null ? "" : name.strip())
            + "'"
            + (spec == null ? "" : " in spec '" + spec + "'")
            + "; valid names: "
            + String.join(", ", NAMES));
  }

  private static double number(String spec, String key, String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new UsageException(
          "optimizer spec '" + spec + "': " + key + "=" + text + " is not a number");
    }
    if (!Double.isFinite(value)) {
      throw new UsageException(
          "optimizer spec '" + spec + "': " + key + "=" + text + " must be a finite number");
    }
    return value;
  }

  /** Integers without ".0", everything else as {@link Double#toString}; both parse back exactly. */
  private static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
