package io.learnopt.lopt;

import io.learnopt.MemoryBudget;
import io.learnopt.optim.Gather;
import io.learnopt.optim.GroupedOptimizer;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.ParameterGroups;
import io.learnopt.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * One learned rule per parameter group, each with its own φ, trained jointly: the paper's CIFAR
 * optimizer (§3.3) has one LSTM for the convolution kernels and one for every other tensor. φ is
 * the rules' meta-parameters concatenated in group order; each rule sees only its group's
 * coordinates, gathered into a contiguous vector, so its unroll and backward pass are the rule's
 * own. A task's {@link ParameterGroups} say which coordinates are whose.
 *
 * @param groups the group names, one per rule
 * @param rules the rules
 */
public record GroupedRules(List<String> groups, List<LearnedOptimizer> rules)
    implements LearnedOptimizer {
  /** Checks that names and rules pair up. */
  public GroupedRules {
    groups = List.copyOf(groups);
    rules = List.copyOf(rules);
    if (groups.isEmpty() || groups.size() != rules.size()) {
      throw new IllegalArgumentException(
          groups.size() + " group names for " + rules.size() + " rules");
    }
    for (String g : groups) {
      ParameterGroups.builder().add(g, 1); // the same name check as the tasks'
    }
    if (groups.stream().distinct().count() != groups.size()) {
      throw new IllegalArgumentException("a group is named twice: " + groups);
    }
  }

  /** A copy of {@code rule} for each of {@code groups}. */
  public static GroupedRules of(List<String> groups, LearnedOptimizer rule) {
    return new GroupedRules(groups, java.util.Collections.nCopies(groups.size(), rule));
  }

  @Override
  public String name() {
    return rules.get(0).name() + "-per-group";
  }

  @Override
  public int parameterCount() {
    int n = 0;
    for (LearnedOptimizer r : rules) {
      n = Math.addExact(n, r.parameterCount());
    }
    return n;
  }

  /** Where rule {@code r}'s φ starts in the concatenation. */
  public int offset(int r) {
    int n = 0;
    for (int i = 0; i < r; i++) {
      n += rules.get(i).parameterCount();
    }
    return n;
  }

  /** Rule {@code r}'s φ copied out of {@code phi}. */
  public float[] part(float[] phi, int r) {
    return Arrays.copyOfRange(phi, offset(r), offset(r) + rules.get(r).parameterCount());
  }

  @Override
  public void initialize(Rng rng, float[] phi) {
    for (int r = 0; r < rules.size(); r++) {
      float[] part = new float[rules.get(r).parameterCount()];
      rules.get(r).initialize(rng, part);
      System.arraycopy(part, 0, phi, offset(r), part.length);
    }
  }

  @Override
  public Optimizer bind(float[] phi) {
    List<Optimizer> bound = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      bound.add(rules.get(r).bind(part(phi, r)));
    }
    return new GroupedOptimizer(name(), groups, bound);
  }

  @Override
  public Unroll newUnroll(UnrollShape shape, int steps) {
    return new GroupedUnroll(shape, steps);
  }

  /** The largest of the rules' needs: together they cover the coordinates once. */
  @Override
  public long unrollBytes(long coordinates, int steps) {
    long most = 0;
    for (LearnedOptimizer r : rules) {
      long bytes = r.unrollBytes(coordinates, steps);
      if (bytes < 0) {
        return -1;
      }
      most = Math.max(most, bytes);
    }
    return MemoryBudget.sum(most, MemoryBudget.product(coordinates, 16));
  }

  /** Each rule's unroll over its group's coordinates, gathered from and scattered back to θ. */
  private final class GroupedUnroll implements Unroll {
    /** The parts of the rules that have coordinates in this shape. */
    private final List<Part> parts = new ArrayList<>();

    GroupedUnroll(UnrollShape shape, int steps) {
      int[][] indices = shape.groups().split(groups);
      for (int r = 0; r < indices.length; r++) {
        if (indices[r].length > 0) {
          parts.add(new Part(r, indices[r], shape, steps));
        }
      }
    }

    @Override
    public long activationBytes() {
      long bytes = 0;
      for (Part p : parts) {
        bytes += p.run.activationBytes();
      }
      return bytes;
    }

    @Override
    public void reset() {
      for (Part p : parts) {
        p.run.reset();
      }
    }

    @Override
    public void step(float[] phi, int t, float[] theta, float[] grad, float[] losses) {
      for (Part p : parts) {
        p.step(phi, t, theta, grad, losses);
      }
    }

    @Override
    public void backward(float[] phi, TruncationLoss loss, float[] dtheta0, float[] dphi) {
      for (Part p : parts) {
        p.backward(phi, loss, dtheta0, dphi);
      }
    }

    @Override
    public void carryOver() {
      for (Part p : parts) {
        p.run.carryOver();
      }
    }

    @Override
    public void setPool(ForkJoinPool pool) {
      for (Part p : parts) {
        p.run.setPool(pool);
      }
    }
  }

  /** Rule r's unroll, its coordinates and buffers, and which tasks it sees. */
  private final class Part {
    final int offset;
    final int[] indices;
    final int[] tasks;
    final Unroll run;
    final float[] phi;
    final float[] dphi;
    final float[] theta;
    final float[] grad;
    final float[] finalGrad;
    final float[] dtheta0;
    final float[] losses;

    Part(int r, int[] indices, UnrollShape shape, int steps) {
      this.offset = offset(r);
      this.indices = indices;
      List<ParameterGroups> taskParts = new ArrayList<>();
      List<Integer> seen = new ArrayList<>();
      int i = 0;
      for (int k = 0; k < shape.tasks(); k++) {
        int n = 0;
        while (i < indices.length && indices[i] < shape.taskStart(k + 1)) {
          n++;
          i++;
        }
        if (n > 0) {
          taskParts.add(ParameterGroups.builder().add(groups.get(r), n).build());
          seen.add(k);
        }
      }
      this.tasks = seen.stream().mapToInt(Integer::intValue).toArray();
      LearnedOptimizer rule = rules.get(r);
      this.run = rule.newUnroll(UnrollShape.of(taskParts), steps);
      this.phi = new float[rule.parameterCount()];
      this.dphi = new float[rule.parameterCount()];
      this.theta = new float[indices.length];
      this.grad = new float[indices.length];
      this.finalGrad = new float[indices.length];
      this.dtheta0 = new float[indices.length];
      this.losses = new float[tasks.length];
    }

    void step(float[] allPhi, int t, float[] allTheta, float[] allGrad, float[] allLosses) {
      System.arraycopy(allPhi, offset, phi, 0, phi.length);
      Gather.into(allTheta, indices, theta);
      Gather.into(allGrad, indices, grad);
      for (int k = 0; k < tasks.length; k++) {
        losses[k] = allLosses[tasks[k]];
      }
      run.step(phi, t, theta, grad, losses);
      Gather.scatter(theta, indices, allTheta);
    }

    void backward(float[] allPhi, TruncationLoss loss, float[] allDtheta0, float[] allDphi) {
      System.arraycopy(allPhi, offset, phi, 0, phi.length);
      Gather.into(loss.finalGradient(), indices, finalGrad);
      Arrays.fill(dphi, 0f);
      run.backward(
          phi,
          new TruncationLoss(loss.stepWeights(), loss.lossScale(), finalGrad),
          allDtheta0 == null ? null : dtheta0,
          dphi);
      for (int i = 0; i < dphi.length; i++) {
        allDphi[offset + i] += dphi[i];
      }
      if (allDtheta0 != null) {
        Gather.scatter(dtheta0, indices, allDtheta0);
      }
    }
  }
}
