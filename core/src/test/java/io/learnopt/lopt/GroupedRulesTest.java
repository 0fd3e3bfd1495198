package io.learnopt.lopt;

import static io.learnopt.lopt.RuleFixtures.linearWeights;
import static io.learnopt.lopt.RuleFixtures.phi;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.optim.NamedArrays;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.ParameterGroups;
import io.learnopt.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One LSTM per parameter group: the meta-gradient of two LSTMs with different φ against central
 * finite differences, and the exact equivalence with a single LSTM when both groups share φ.
 */
class GroupedRulesTest {
  private static final int STEPS = 5;
  private static final L2lLstm LSTM = new L2lLstm(LstmOptimizerConfig.paperNeuralNet());
  private static final GroupedRules TWO = GroupedRules.of(List.of("conv", "fc"), LSTM);

  /** Two tasks whose groups interleave, so gathering and scattering are exercised. */
  private static final List<ParameterGroups> TASKS =
      List.of(
          ParameterGroups.builder().add("conv", 7).add("fc", 5).add("conv", 3).build(),
          ParameterGroups.builder().add("fc", 4).add("conv", 6).build());

  private static final UnrollShape SHAPE = UnrollShape.of(TASKS);
  private static final int N = SHAPE.coordinates();

  private record Run(float[] theta, float[][] grads, float[] dphi) {}

  /** T steps on f, then the backward pass of Σ w_t f(θ_t). */
  private static Run run(
      LearnedOptimizer rule, UnrollShape shape, float[] phi, CoupledQuadratic f) {
    Unroll unroll = rule.newUnroll(shape, STEPS);
    unroll.reset();
    float[] theta = new float[N];
    float[][] grads = new float[STEPS + 1][N];
    f.gradient(theta, grads[0]);
    for (int t = 0; t < STEPS; t++) {
      unroll.step(phi, t, theta, grads[t].clone(), new float[shape.tasks()]);
      f.gradient(theta, grads[t + 1]);
    }
    float[] dphi = new float[phi.length];
    unroll.backward(phi, new TruncationLoss(linearWeights(STEPS), 1f, grads[STEPS]), null, dphi);
    return new Run(theta, grads, dphi);
  }

  /** The meta-loss with the recorded gradients as inputs (∂∇/∂φ = 0). */
  private static double replay(float[] phi, float[][] grads, CoupledQuadratic f) {
    Unroll unroll = TWO.newUnroll(SHAPE, STEPS);
    unroll.reset();
    float[] theta = new float[N];
    float[] w = linearWeights(STEPS);
    double loss = 0;
    for (int t = 0; t < STEPS; t++) {
      unroll.step(phi, t, theta, grads[t].clone(), new float[SHAPE.tasks()]);
      loss += w[t + 1] * f.loss(theta);
    }
    return loss;
  }

  @Test
  void twoLstmMetaGradientMatchesFiniteDifferences() {
    CoupledQuadratic f = CoupledQuadratic.random(3, N);
    float[] phi = phi(TWO, 11);
    Run base = run(TWO, SHAPE, phi, f);
    int perRule = LSTM.parameterCount();
    double scale = 0;
    for (int r = 0; r < 2; r++) {
      double groupScale = 0;
      for (int i = r * perRule; i < (r + 1) * perRule; i++) {
        groupScale = Math.max(groupScale, Math.abs(base.dphi[i]));
      }
      assertTrue(groupScale > 1e-3, "group " + r + "'s meta-gradient is (nearly) zero");
      scale = Math.max(scale, groupScale);
    }
    Rng pick = new Rng(8);
    float eps = 1e-3f;
    for (int trial = 0; trial < 40; trial++) {
      int index = (trial % 2) * perRule + pick.nextInt(perRule);
      float[] p = phi.clone();
      p[index] = phi[index] + eps;
      double plus = replay(p, base.grads, f);
      p[index] = phi[index] - eps;
      double minus = replay(p, base.grads, f);
      double fd = (plus - minus) / (2 * eps);
      assertEquals(fd, base.dphi[index], 3e-3 * scale + 2e-2 * Math.abs(fd), "φ[" + index + "]");
    }
  }

  @Test
  void twoGroupsSharingPhiAreOneLstm() {
    CoupledQuadratic f = CoupledQuadratic.random(4, N);
    float[] single = phi(LSTM, 12);
    float[] both = new float[2 * single.length];
    System.arraycopy(single, 0, both, 0, single.length);
    System.arraycopy(single, 0, both, single.length, single.length);
    Run grouped = run(TWO, SHAPE, both, f);
    Run one = run(LSTM, UnrollShape.of(new int[] {15, 10}), single, f);
    assertArrayEquals(one.theta, grouped.theta, 1e-6f);
    for (int i = 0; i < single.length; i++) {
      float sum = grouped.dphi[i] + grouped.dphi[single.length + i];
      assertEquals(one.dphi[i], sum, 1e-4f * (1 + Math.abs(one.dphi[i])), "φ[" + i + "]");
    }
  }

  @Test
  void theBoundOptimizerStepsAsTheUnrollAndKeepsItsStatePerGroup() {
    CoupledQuadratic f = CoupledQuadratic.random(5, N);
    float[] phi = phi(TWO, 13);
    ParameterGroups groups = ParameterGroups.concat(TASKS);
    Optimizer bound = TWO.bind(phi);
    Optimizer.State state = bound.init(groups);
    float[] theta = new float[N];
    float[] grad = new float[N];
    float[] update = new float[N];
    for (int t = 0; t < STEPS; t++) {
      f.gradient(theta, grad);
      bound.update(grad, theta, state, update);
      for (int i = 0; i < N; i++) {
        theta[i] += update[i];
      }
    }
    assertArrayEquals(run(TWO, SHAPE, phi, f).theta, theta, 1e-6f);
    NamedArrays saved = new NamedArrays();
    state.save(saved);
    assertTrue(saved.arrays().containsKey("conv.hc") && saved.arrays().containsKey("fc.hc"));
  }

  @Test
  void parametersOutsideTheGroupsAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TWO.bind(phi(TWO, 1)).init(N));
    assertTrue(e.getMessage().contains("[conv, fc]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TWO.newUnroll(UnrollShape.of(new int[] {4}), STEPS));
    assertTrue(e.getMessage().contains("groups [all]"), e.getMessage());
  }

  @Test
  void aTaskWithoutOneGroupLeavesThatRuleUntouched() {
    UnrollShape fcOnly = UnrollShape.of(List.of(ParameterGroups.builder().add("fc", N).build()));
    Run r = run(TWO, fcOnly, phi(TWO, 14), CoupledQuadratic.random(6, N));
    int perRule = LSTM.parameterCount();
    for (int i = 0; i < perRule; i++) {
      assertEquals(0f, r.dphi[i], "conv φ[" + i + "]");
    }
    assertTrue(r.dphi[perRule] != 0 || r.dphi[perRule + 1] != 0);

    Optimizer.State state = TWO.bind(phi(TWO, 14)).init(fcOnly.groups());
    NamedArrays saved = new NamedArrays();
    state.save(saved);
    assertEquals(java.util.Set.of("fc.hc"), saved.arrays().keySet());
  }
}
