package io.learnopt.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient transformations applied one after the other, the last one's output being the update
 * (optax's {@code chain}):
 *
 * <pre>
 *   u = T_k(… T_2(T_1(g)))
 * </pre>
 *
 * <p>The first transformation reads the caller's gradient, the middle ones work in place on a
 * scratch buffer held in the {@link State}, and the last one writes the caller's update array, so
 * the gradient is never modified and nothing is allocated per step. A {@link Scale} right after a
 * {@link Scalable} transformation is folded into it: the pair runs as one loop (see {@link
 * Scalable} for the rounding this fixes). Build one with {@link Optimizers#chain}.
 *
 * <p>The state saves part k's entries under the scope {@code "k"}, e.g. {@code 1.m} for Adam's
 * first moment in {@code chain(clipByGlobalNorm(1), scaleByAdam(...), scale(−lr))}.
 */
public final class Chain implements Optimizer {
  // Error messages use this fixed owner rather than name(), which would allocate on every update.
  private static final String OWNER = "chain";

  private final List<GradientTransform> parts;

  /** What runs: the parts, each folded scale merged into the part before it. */
  private final GradientTransform[] steps;

  /** The index of the part each step starts with, the scope its state is saved under. */
  private final int[] partOfStep;

  /** The index of the step each part runs in. */
  private final int[] stepOfPart;

  /**
   * The chain of {@code parts} (copied), which may not be empty.
   *
   * @throws IllegalArgumentException if {@code parts} is empty
   */
  public Chain(List<GradientTransform> parts) {
    this.parts = List.copyOf(parts);
    if (this.parts.isEmpty()) {
      throw new IllegalArgumentException(OWNER + ": needs at least one transformation");
    }
    List<GradientTransform> folded = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    stepOfPart = new int[this.parts.size()];
    for (int k = 0; k < stepOfPart.length; k++) {
      GradientTransform part = this.parts.get(k);
      int last = folded.size() - 1;
      if (part instanceof Scale scale && last >= 0 && folded.get(last) instanceof Scalable s) {
        folded.set(last, new Folded(s, scale.factor()));
      } else {
        folded.add(part);
        starts.add(k);
      }
      stepOfPart[k] = folded.size() - 1;
    }
    steps = folded.toArray(GradientTransform[]::new);
    partOfStep = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A {@link Scalable} transformation and the factor of the scale folded into it. */
  private record Folded(Scalable transform, double factor) implements GradientTransform {
    @Override
    public GradientTransform.State init(int coordinates) {
      return transform.init(coordinates);
    }

    @Override
    public void apply(float[] grad, float[] params, GradientTransform.State state, float[] out) {
      transform.apply(grad, params, state, out, factor);
    }

    @Override
    public String name() {
      return transform.name() + "·" + factor;
    }
  }

  /** The transformations in order, as given. */
  public List<GradientTransform> parts() {
    return parts;
  }

  /**
   * The chain's per-run data: each step's state and the scratch buffer. A failed {@link #restore}
   * may leave the parts before the failing one restored; start again from {@link #init}.
   */
  public static final class State implements Optimizer.State {
    private final GradientTransform.State[] states;
    private final int[] partOfStep;
    private final int[] stepOfPart;
    private final int coordinates;
    private final float[] scratch;

    private State(Chain chain, int coordinates) {
      this.states = new GradientTransform.State[chain.steps.length];
      for (int k = 0; k < states.length; k++) {
        states[k] = chain.steps[k].init(coordinates);
      }
      this.partOfStep = chain.partOfStep;
      this.stepOfPart = chain.stepOfPart;
      this.coordinates = coordinates;
      // A single step reads the gradient and writes the update directly.
      this.scratch = new float[states.length > 1 ? coordinates : 0];
    }

    /**
     * The state of part {@code index}, e.g. {@code ((ClipByGlobalNorm.State)
     * s.transformState(0)).lastNorm()} for the norm before clipping. A folded scale shares the
     * state of the part it was folded into.
     */
    public GradientTransform.State transformState(int index) {
      return states[stepOfPart[index]];
    }

    @Override
    public void save(NamedArrays out) {
      for (int k = 0; k < states.length; k++) {
        states[k].save(out.scope(Integer.toString(partOfStep[k])));
      }
    }

    @Override
    public void restore(NamedArrays in) {
      for (int k = 0; k < states.length; k++) {
        states[k].restore(in.scope(Integer.toString(partOfStep[k])));
      }
    }
  }

  @Override
  public State init(int coordinates) {
    return new State(this, UpdateArguments.coordinates(OWNER, coordinates));
  }

  @Override
  public void update(float[] grad, float[] params, Optimizer.State state, float[] update) {
    State s = UpdateArguments.state(OWNER, state, State.class);
    UpdateArguments.lengths(OWNER, s.coordinates, grad, params, update);
    if (s.states.length != steps.length) {
      throw new IllegalArgumentException(
          OWNER + ": the state is from a chain of another shape; use this chain's init");
    }
    int last = steps.length - 1;
    float[] in = grad;
    for (int k = 0; k < last; k++) {
      steps[k].apply(in, params, s.states[k], s.scratch);
      in = s.scratch;
    }
    steps[last].apply(in, params, s.states[last], update);
  }

  /** The parts' names joined by {@code +}, e.g. {@code clip(1.0)+scale(-0.1)}. */
  @Override
  public String name() {
    StringBuilder name = new StringBuilder();
    for (GradientTransform part : parts) {
      name.append(name.isEmpty() ? "" : "+").append(part.name());
    }
    return name.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Chain chain && chain.parts.equals(parts);
  }

  @Override
  public int hashCode() {
    return parts.hashCode();
  }

  @Override
  public String toString() {
    return "chain(" + name() + ")";
  }
}
