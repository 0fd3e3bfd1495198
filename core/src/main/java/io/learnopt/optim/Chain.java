package io.learnopt.optim;

import java.util.List;

/**
 * Gradient transformations followed by an update rule, as one {@link Optimizer} (optax's {@code
 * chain}):
 *
 * <pre>
 *   g' = T_k(… T_1(g))
 *   u  = rule(g')
 * </pre>
 *
 * <p>The transformations write into a scratch buffer held in the {@link State}, so the caller's
 * gradient array is never modified and nothing is allocated per step. Build one with {@link
 * Optimizers#chain}, e.g. {@code chain(clipByGlobalNorm(1), new Adam(1e-3))}.
 *
 * @param transforms applied in order to the gradient; may be empty
 * @param rule the update rule that receives the transformed gradient
 */
public record Chain(List<GradientTransform> transforms, Optimizer rule) implements Optimizer {
  // Error messages use this fixed owner rather than name(), which would allocate on every update.
  private static final String OWNER = "chain";

  /** Copies {@code transforms} so the chain stays immutable. */
  public Chain {
    transforms = List.copyOf(transforms);
    if (rule == null) {
      throw new IllegalArgumentException(OWNER + ": rule must not be null");
    }
  }

  /** The chain's per-run data: each transformation's state, the rule's, and the scratch buffer. */
  public static final class State implements Optimizer.State {
    private final GradientTransform.State[] transformStates;
    private final Optimizer.State ruleState;
    private final float[] scratch;

    State(GradientTransform.State[] transformStates, Optimizer.State ruleState, int coordinates) {
      this.transformStates = transformStates;
      this.ruleState = ruleState;
      this.scratch = new float[coordinates];
    }

    /**
     * The state of transformation {@code index}, e.g. {@code ((ClipByGlobalNorm.State)
     * s.transformState(0)).lastNorm()} for the norm before clipping.
     */
    public GradientTransform.State transformState(int index) {
      return transformStates[index];
    }

    @Override
    public void save(NamedArrays out) {
      for (int k = 0; k < transformStates.length; k++) {
        transformStates[k].save(out.scope(Integer.toString(k)));
      }
      ruleState.save(out.scope("rule"));
    }

    @Override
    public void restore(NamedArrays in) {
      for (int k = 0; k < transformStates.length; k++) {
        transformStates[k].restore(in.scope(Integer.toString(k)));
      }
      ruleState.restore(in.scope("rule"));
    }

    /** The state of the update rule. */
    public Optimizer.State ruleState() {
      return ruleState;
    }
  }

  @Override
  public State init(int coordinates) {
    UpdateArguments.coordinates(OWNER, coordinates);
    GradientTransform.State[] states = new GradientTransform.State[transforms.size()];
    for (int k = 0; k < states.length; k++) {
      states[k] = transforms.get(k).init(coordinates);
    }
    return new State(states, rule.init(coordinates), coordinates);
  }

  @Override
  public void update(float[] grad, float[] params, Optimizer.State state, float[] update) {
    State s = UpdateArguments.state(OWNER, state, State.class);
    UpdateArguments.lengths(OWNER, s.scratch.length, grad, params, update);
    float[] g = grad;
    for (int k = 0; k < s.transformStates.length; k++) {
      // The first transformation reads the caller's array, later ones work in place on scratch.
      transforms.get(k).apply(g, params, s.transformStates[k], s.scratch);
      g = s.scratch;
    }
    rule.update(g, params, s.ruleState, update);
  }

  /** The parts' names joined by {@code +}, e.g. {@code clip(1.0)+adam}. */
  @Override
  public String name() {
    StringBuilder name = new StringBuilder();
    for (GradientTransform t : transforms) {
      name.append(t.name()).append('+');
    }
    return name.append(rule.name()).toString();
  }
}
