package io.learnopt.optim;

import java.util.SequencedMap;

/**
 * A registered rule as {@link Aliases} builds it: a name and hyper-parameters standing for a {@link
 * Chain}, as {@code optax.adam(lr)} stands for {@code chain(scale_by_adam(...), scale(-lr))}. The
 * name and hyper-parameters are what {@link Optimizers#spec} writes and {@link Optimizers#parse}
 * reads back; the chain does the work, and its state is this rule's state.
 *
 * <p>Two aliases are equal when their names and hyper-parameters are, which makes their chains
 * equal too. Only {@link Aliases} makes them, so every alias is a registered rule.
 */
public final class Alias implements Optimizer {
  private final String name;
  private final SequencedMap<String, Double> hyperParameters;
  private final Chain chain;

  Alias(String name, SequencedMap<String, Double> hyperParameters, Chain chain) {
    this.name = name;
    this.hyperParameters = hyperParameters;
    this.chain = chain;
  }

  /** The hyper-parameters by registry key, {@code lr} first, in the registry's order. */
  public SequencedMap<String, Double> hyperParameters() {
    return hyperParameters;
  }

  /** The chain of transformations that computes this rule. */
  public Chain chain() {
    return chain;
  }

  @Override
  public Optimizer.State init(int coordinates) {
    return chain.init(coordinates);
  }

  @Override
  public void update(float[] grad, float[] params, Optimizer.State state, float[] update) {
    chain.update(grad, params, state, update);
  }

  /** The registry name, e.g. {@code adam}. */
  @Override
  public String name() {
    return name;
  }

  /**
   * The full spec, e.g. {@code momentum:lr=0.1,beta=0.9}: integers without ".0", every other value
   * as {@link Double#toString}, so {@link Optimizers#parse} gives back an equal alias.
   */
  public String spec() {
    StringBuilder spec = new StringBuilder(name);
    char separator = ':';
    for (var entry : hyperParameters.entrySet()) {
      double value = entry.getValue();
      spec.append(separator).append(entry.getKey()).append('=');
      spec.append(
          value == Math.rint(value) && Math.abs(value) < 1e15
              ? Long.toString((long) value)
              : Double.toString(value));
      separator = ',';
    }
    return spec.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Alias alias
        && alias.name.equals(name)
        && alias.hyperParameters.equals(hyperParameters);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + hyperParameters.hashCode();
  }

  /** The spec. */
  @Override
  public String toString() {
    return spec();
  }
}
