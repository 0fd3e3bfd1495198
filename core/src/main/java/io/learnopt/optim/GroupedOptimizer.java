package io.learnopt.optim;

import io.learnopt.tensor.ParameterGroups;
import java.util.List;

/**
 * One optimizer per parameter group (the paper's CIFAR optimizer: one LSTM for convolution kernels,
 * one for the rest): each rule sees only its group's coordinates, gathered into a contiguous
 * vector. Start a run with {@link #init(ParameterGroups)}, the task's groups; {@link #init(int)}
 * works only when there is a single rule.
 */
public final class GroupedOptimizer implements Optimizer {
  private final String name;
  private final List<String> groups;
  private final List<Optimizer> rules;

  /**
   * The optimizer called {@code name} applying {@code rules.get(r)} to the group {@code
   * groups.get(r)}.
   */
  public GroupedOptimizer(String name, List<String> groups, List<Optimizer> rules) {
    if (groups.isEmpty() || groups.size() != rules.size()) {
      throw new IllegalArgumentException(
          groups.size() + " group names for " + rules.size() + " rules");
    }
    if (groups.stream().distinct().count() != groups.size()) {
      throw new IllegalArgumentException("a group is named twice: " + groups);
    }
    this.name = name;
    this.groups = List.copyOf(groups);
    this.rules = List.copyOf(rules);
  }

  /** The group names, in rule order. */
  public List<String> groups() {
    return groups;
  }

  /** The rules, in group order. */
  public List<Optimizer> rules() {
    return rules;
  }

  @Override
  public State init(int coordinates) {
    if (rules.size() > 1) {
      throw new IllegalArgumentException(
          name
              + " has one rule per parameter group "
              + groups
              + "; start it with init(ParameterGroups), the groups of the parameters");
    }
    return init(ParameterGroups.single(coordinates));
  }

  @Override
  public State init(ParameterGroups parameters) {
    int[][] indices = parameters.split(groups);
    State[] states = new State[rules.size()];
    for (int r = 0; r < states.length; r++) {
      states[r] = indices[r].length == 0 ? null : rules.get(r).init(indices[r].length);
    }
    return new GroupedState(groups, indices, states);
  }

  @Override
  public void update(float[] grad, float[] params, State state, float[] update) {
    update(grad, params, Float.NaN, state, update);
  }

  @Override
  public void update(float[] grad, float[] params, float loss, State state, float[] update) {
    GroupedState s = (GroupedState) state;
    for (int r = 0; r < rules.size(); r++) {
      int[] idx = s.indices[r];
      if (idx.length == 0) {
        continue;
      }
      Gather.into(grad, idx, s.grad[r]);
      Gather.into(params, idx, s.params[r]);
      rules.get(r).update(s.grad[r], s.params[r], loss, s.states[r], s.update[r]);
      Gather.scatter(s.update[r], idx, update);
    }
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Each rule's state (null for a group without coordinates) and gather buffers; saved with each
   * rule's arrays under its group name.
   */
  private static final class GroupedState implements State {
    final List<String> groups;
    final int[][] indices;
    final State[] states;
    final float[][] grad;
    final float[][] params;
    final float[][] update;

    GroupedState(List<String> groups, int[][] indices, State[] states) {
      this.groups = groups;
      this.indices = indices;
      this.states = states;
      this.grad = new float[indices.length][];
      this.params = new float[indices.length][];
      this.update = new float[indices.length][];
      for (int r = 0; r < indices.length; r++) {
        grad[r] = new float[indices[r].length];
        params[r] = new float[indices[r].length];
        update[r] = new float[indices[r].length];
      }
    }

    @Override
    public void save(NamedArrays out) {
      for (int r = 0; r < states.length; r++) {
        if (states[r] != null) {
          states[r].save(out.scope(groups.get(r)));
        }
      }
    }

    @Override
    public void restore(NamedArrays in) {
      for (int r = 0; r < states.length; r++) {
        if (states[r] != null) {
          states[r].restore(in.scope(groups.get(r)));
        }
      }
    }
  }
}
