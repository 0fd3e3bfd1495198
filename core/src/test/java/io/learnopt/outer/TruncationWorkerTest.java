package io.learnopt.outer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.lopt.MetaParameters;
import io.learnopt.lopt.MlpLopt;
import io.learnopt.lopt.MlpLoptConfig;
import io.learnopt.problem.Problems;
import io.learnopt.problem.StepWeighting;
import io.learnopt.tasks.ProblemTasks;
import io.learnopt.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A worker that did not run a round's earlier truncations replays them forward only and then gives
 * the meta-gradient of the uninterrupted worker bit for bit: what lets a group's truncations run on
 * any process.
 */
class TruncationWorkerTest {
  static Stream<LearnedOptimizer> rules() {
    return Stream.of(
        new L2lLstm(LstmOptimizerConfig.paperNeuralNet()),
        new L2lLstm(LstmOptimizerConfig.rnnprop(), true),
        new MlpLopt(MlpLoptConfig.standard()));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void aReplayingWorkerGivesTheUninterruptedGradients(LearnedOptimizer rule) {
    TruncatedBptt.Truncation truncation = new TruncatedBptt.Truncation(4, 5, 20);
    MetaParameters layout = MetaParameters.ruleOnly(rule);
    ProblemTasks source = new ProblemTasks(Problems.parse("quadratic", null), 3);
    Objective objective = new Objective.StepWeighted(StepWeighting.LINEAR);
    List<float[]> phis = new ArrayList<>();
    Rng rng = new Rng(5);
    for (int u = 0; u < 4; u++) {
      float[] phi = new float[rule.parameterCount()];
      rule.initialize(new Rng(1), phi);
      for (int i = 0; i < phi.length; i++) {
        phi[i] += 0.01f * (float) rng.nextGaussian(); // a different φ at every step
      }
      phis.add(phi);
    }
    TruncationWorker steady =
        new TruncationWorker(layout, source, objective, truncation, 2, 1, null);
    List<float[]> gradients = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    for (long round = 0; round < 2; round++) {
      for (int u = 0; u < 4; u++) {
        losses.add(steady.run(phis.get(u), round, u, null));
        gradients.add(steady.metaGradient().clone());
      }
    }
    // A fresh worker asked for round 1, truncation 2: replays 0 and 1, then continues by itself.
    TruncationWorker late = new TruncationWorker(layout, source, objective, truncation, 2, 1, null);
    double loss = late.run(phis.get(2), 1, 2, phis.subList(0, 2));
    assertEquals(losses.get(6), loss);
    assertArrayEquals(gradients.get(6), late.metaGradient());
    assertEquals(losses.get(7), late.run(phis.get(3), 1, 3, null));
    assertArrayEquals(gradients.get(7), late.metaGradient());
    assertTrue(norm(gradients.get(7)) > 0, "a zero gradient would prove nothing");
    // Without the meta-parameters of the earlier truncations it cannot catch up.
    TruncationWorker lost = new TruncationWorker(layout, source, objective, truncation, 2, 0, null);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> lost.run(phis.get(1), 0, 1, null));
    assertTrue(e.getMessage().contains("replay"), e.getMessage());
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
