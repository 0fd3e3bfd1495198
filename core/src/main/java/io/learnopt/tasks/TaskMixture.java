package io.learnopt.tasks;

import io.learnopt.eval.TaskSeeds;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Task;
import io.learnopt.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks drawn from several problems with given weights: each task of a batch picks its problem at
 * random in proportion to the weights, then samples it, both from the task's {@link
 * TaskSeeds#TRAIN} seed.
 */
public final class TaskMixture implements TaskSource {
  private final List<Problem> problems;
  private final double[] cumulative;
  private final long seed;

  /** Problems with positive, finite {@code weights} (normalised here), seeded by {@code seed}. */
  public TaskMixture(List<Problem> problems, double[] weights, long seed) {
    if (problems.isEmpty() || problems.size() != weights.length) {
      throw new IllegalArgumentException(
          "a mixture needs one weight per problem, got "
              + problems.size()
              + " problems and "
              + weights.length
              + " weights");
    }
    this.problems = List.copyOf(problems);
    this.cumulative = new double[weights.length];
    double total = 0;
    for (int k = 0; k < weights.length; k++) {
      if (!(weights[k] > 0) || Double.isInfinite(weights[k])) {
        throw new IllegalArgumentException(
            "mixture weight of " + problems.get(k).name() + " must be positive: " + weights[k]);
      }
      total += weights[k];
      cumulative[k] = total;
    }
    for (int k = 0; k < weights.length; k++) {
      cumulative[k] /= total;
    }
    this.seed = seed;
  }

  @Override
  public List<Task> batch(long index, int size) {
    List<Task> tasks = new ArrayList<>(size);
    for (long s : TaskSeeds.TRAIN.seeds(seed, index, size)) {
      Rng rng = Rng.forKey(s, 0x6d1fL);
      tasks.add(problems.get(pick(rng.nextDouble())).sample(rng.nextLong()));
    }
    return tasks;
  }

  /** The problem whose share of [0, 1) holds {@code u}. */
  int pick(double u) {
    for (int k = 0; k < cumulative.length - 1; k++) {
      if (u < cumulative[k]) {
        return k;
      }
    }
    return cumulative.length - 1;
  }

  @Override
  public String name() {
    StringBuilder name = new StringBuilder("mixture(");
    for (int k = 0; k < problems.size(); k++) {
      double share = cumulative[k] - (k == 0 ? 0 : cumulative[k - 1]);
      name.append(k == 0 ? "" : ",").append(problems.get(k).name()).append('*').append(share);
    }
    return name.append(')').toString();
  }
}
