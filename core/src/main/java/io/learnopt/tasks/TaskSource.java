package io.learnopt.tasks;

import io.learnopt.problem.Task;
import java.util.List;

/**
 * Where an outer trainer gets its training tasks (learned_optimization's task family): batch {@code
 * index} is a pure function of the index, so a resumed run meets the same tasks. A {@link
 * ProblemTasks problem}, a {@link TaskMixture mixture of problems} and few-shot episodes are
 * sources; the trainer never asks which one it has.
 */
public interface TaskSource {
  /** The {@code size} tasks of training batch {@code index}. */
  List<Task> batch(long index, int size);

  /** A name for logs and model metadata. */
  String name();
}
