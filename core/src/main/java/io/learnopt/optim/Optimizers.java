package io.learnopt.optim;

import io.learnopt.UsageException;
import java.util.ArrayList;
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
 * are the rules' own (e.g. β may be 0, an initial accumulator may be 0, everything else must be
 * positive). {@link #spec} writes the full spec back, so every result can record exactly which
 * optimizer produced it. The rules themselves are defined in {@link Aliases}.
 *
 * <p>Also the factories of the building blocks, for static import: {@link #chain} and the gradient
 * transformations ({@link #scale}, {@link #trace}, {@link #scaleByRms}, {@link #scaleByRss}, {@link
 * #scaleByAdam}, {@link #scaleByRprop}, {@link #clipByGlobalNorm}).
 */
public final class Optimizers {
  private Optimizers() {}

  /**
   * One registered rule: the prototype's hyper-parameters are the defaults, so each default other
   * than the learning rate lives only in {@link Aliases}. Key 0 is always {@code lr}.
   */
  private record Entry(
      String name, List<String> keys, double[] defaults, Function<double[], Alias> build) {

    static Entry of(Alias prototype, Function<double[], Alias> build) {
      List<String> keys = List.copyOf(prototype.hyperParameters().keySet());
      double[] defaults =
          prototype.hyperParameters().values().stream().mapToDouble(Double::doubleValue).toArray();
      if (!keys.getFirst().equals("lr") || !build.apply(defaults).equals(prototype)) {
        throw new IllegalStateException("registry entry for " + prototype.name() + " is broken");
      }
      return new Entry(prototype.name(), keys, defaults, build);
    }

    int keyIndex(String key) {
      for (int k = 0; k < keys.size(); k++) {
        if (keys.get(k).equalsIgnoreCase(key)) {
          return k;
        }
      }
      return -1;
    }
  }

  /** The rules, each with its default learning rate: a starting point for tuning. */
  private static final List<Entry> ENTRIES =
      List.of(
          // PyTorch has no default for SGD.
          Entry.of(Aliases.sgd(1e-2), v -> Aliases.sgd(v[0])),
          Entry.of(Aliases.momentum(1e-2), v -> Aliases.momentum(v[0], v[1])),
          Entry.of(Aliases.nesterov(1e-2), v -> Aliases.nesterov(v[0], v[1])),
          // PyTorch's.
          Entry.of(Aliases.rmsprop(1e-2), v -> Aliases.rmsprop(v[0], v[1], v[2])),
          // The paper's.
          Entry.of(Aliases.adam(1e-3), v -> Aliases.adam(v[0], v[1], v[2], v[3])),
          // PyTorch's.
          Entry.of(Aliases.adagrad(1e-2), v -> Aliases.adagrad(v[0], v[1], v[2])),
          // PyTorch's initial step.
          Entry.of(Aliases.rprop(1e-2), v -> Aliases.rprop(v[0], v[1], v[2], v[3], v[4])));

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
    Entry entry = entry(colon < 0 ? spec : spec.substring(0, colon), spec);
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
    Entry entry = entry(name, null);
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
   * @throws IllegalArgumentException if {@code optimizer} is not one of the registered rules
   */
  public static String spec(Optimizer optimizer) {
    if (optimizer instanceof Alias alias) {
      return alias.spec();
    }
    throw new IllegalArgumentException(
        "no spec for " + optimizer.name() + ": not one of " + String.join(", ", NAMES));
  }

  /** {@code parts} applied in order, the last one's output being the update; see {@link Chain}. */
  public static Chain chain(GradientTransform... parts) {
    return new Chain(List.of(parts));
  }

  /** {@code transform} applied to the gradient before the registered rule {@code rule}. */
  public static Chain chain(GradientTransform transform, Alias rule) {
    List<GradientTransform> parts = new ArrayList<>(List.of(transform));
    parts.addAll(rule.chain().parts());
    return new Chain(parts);
  }

  /** Multiplies by {@code factor}; {@code scale(−lr)} ends a rule. See {@link Scale}. */
  public static Scale scale(double factor) {
    return new Scale(factor);
  }

  /** The momentum velocity v ← β·v + g, output v or (Nesterov) g + β·v. See {@link Trace}. */
  public static Trace trace(double decay, boolean nesterov) {
    return new Trace(decay, nesterov);
  }

  /** RMSProp's division by a decaying root mean square. See {@link ScaleByRms}. */
  public static ScaleByRms scaleByRms(double decay, double eps) {
    return new ScaleByRms(decay, eps);
  }

  /** AdaGrad's division by the root of the summed squares. See {@link ScaleByRss}. */
  public static ScaleByRss scaleByRss(double eps, double initialAccumulator) {
    return new ScaleByRss(eps, initialAccumulator);
  }

  /** Adam's bias-corrected m̂/(√v̂ + ε). See {@link ScaleByAdam}. */
  public static ScaleByAdam scaleByAdam(double beta1, double beta2, double eps) {
    return new ScaleByAdam(beta1, beta2, eps);
  }

  /** Rprop's sign(g)·Δ with sign-adapted step sizes Δ. See {@link ScaleByRprop}. */
  public static ScaleByRprop scaleByRprop(
      double lr, double etaMinus, double etaPlus, double stepMin, double stepMax) {
    return new ScaleByRprop(lr, etaMinus, etaPlus, stepMin, stepMax);
  }

  /** Rescales the gradient to global L2 norm {@code maxNorm} when it is longer. */
  public static ClipByGlobalNorm clipByGlobalNorm(double maxNorm) {
    return new ClipByGlobalNorm(maxNorm);
  }

  /** The entry named {@code name} (case-insensitive); {@code spec} is quoted in the error. */
  private static Entry entry(String name, String spec) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (Entry entry : ENTRIES) {
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
}
