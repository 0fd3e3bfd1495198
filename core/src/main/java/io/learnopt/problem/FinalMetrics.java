package io.learnopt.problem;

import java.util.List;
import java.util.Map;

/**
 * A task that can report more than its minibatch loss once optimization ends — for a classifier,
 * the test-set accuracy and the loss on the whole training set — so evaluations can report them.
 */
public interface FinalMetrics {

  /** The names {@link #finalMetrics} returns, in its order. */
  List<String> metricNames();

  /** Named metrics of the final parameters, in a stable order. */
  Map<String, Double> finalMetrics(float[] params);
}
