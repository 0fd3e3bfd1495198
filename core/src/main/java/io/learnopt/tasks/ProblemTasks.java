package io.learnopt.tasks;

import io.learnopt.eval.TaskSeeds;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of one {@link Problem} (the L2L setting): batch i holds the problem's tasks for the
 * i-th {@link TaskSeeds#TRAIN} seeds of the run.
 *
 * @param problem the distribution of tasks
 * @param seed the run's seed
 */
public record ProblemTasks(Problem problem, long seed) implements TaskSource {
  @Override
  public List<Task> batch(long index, int size) {
    List<Task> tasks = new ArrayList<>(size);
    for (long s : TaskSeeds.TRAIN.seeds(seed, index, size)) {
      tasks.add(problem.sample(s));
    }
    return tasks;
  }

  @Override
  public String name() {
    return problem.name();
  }
}
