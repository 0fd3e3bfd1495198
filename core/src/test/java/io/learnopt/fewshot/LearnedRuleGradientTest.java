package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.lopt.TruncationLoss;
import io.learnopt.lopt.Unroll;
import io.learnopt.lopt.UnrollShape;
import io.learnopt.nn.Activation;
import io.learnopt.nn.Classifier;
import io.learnopt.nn.Mlp;
import io.learnopt.tensor.Rng;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first-order meta-gradient of each inner rule against central finite differences on a tiny
 * episode. The finite differences replay the inner loop with the support gradients and losses of
 * the base run (the detach rule: ∇_t and the loss are inputs), perturbing one meta-parameter — of
 * the rule or of the initialization θ₀ — and taking the query loss at θ_T.
 */
class LearnedRuleGradientTest {
  private static final int STEPS = 4;
  private static final Classifier LEARNER = new Mlp(6, List.of(5), 3, Activation.TANH);
  private static final int SUPPORT = 6;
  private static final int QUERY = 9;

  static Stream<LearnedOptimizer> rules() {
    return Stream.of(
        new MetaLstmInner(),
        MetaLstmInner.withMemory(3),
        new L2lLstm(LstmOptimizerConfig.paperNeuralNet()),
        new SgdInner(0.3f));
  }

  static Stream<Arguments> rulesAndWeights() {
    return rules().flatMap(r -> Stream.of(Arguments.of(r, false), Arguments.of(r, true)));
  }

  /** w_t: (0, …, 0, 1) for the query loss alone, else (0, 0.3, 0.6, …, 1) with a final 1.5. */
  private static float[] weights(boolean intermediate) {
    float[] w = new float[STEPS + 1];
    for (int t = 1; t < STEPS; t++) {
      w[t] = intermediate ? 0.3f * t : 0f;
    }
    w[STEPS] = intermediate ? 1.5f : 1f;
    return w;
  }

  private record Data(float[] support, int[] supportLabels, float[] query, int[] queryLabels) {}

  private static Data data() {
    Rng rng = new Rng(17);
    float[] support = new float[SUPPORT * 6];
    float[] query = new float[QUERY * 6];
    rng.fillGaussian(support, 0f, 1f);
    rng.fillGaussian(query, 0f, 1f);
    int[] supportLabels = new int[SUPPORT];
    int[] queryLabels = new int[QUERY];
    for (int i = 0; i < SUPPORT; i++) {
      supportLabels[i] = i % 3;
    }
    for (int i = 0; i < QUERY; i++) {
      queryLabels[i] = i % 3;
    }
    return new Data(support, supportLabels, query, queryLabels);
  }

  /** φ with gates away from saturation, so every path of the backward pass carries signal. */
  static float[] phi(LearnedOptimizer rule) {
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(new Rng(5), phi);
    if (rule instanceof MetaLstmInner) {
      // Gates away from saturation: biases −1 (input) and 2 (forget) at the end of each gate.
      new Rng(6).fillUniform(phi, -0.5f, 0.5f);
      int size = rule.name().equals("metalstm") ? MetaLstmInner.GATE : 3 + 3;
      phi[phi.length - size - 1] = -1f;
      phi[phi.length - 1] = 2f;
    }
    return phi;
  }

  /**
   * ∂L/∂φ and ∂L/∂θ₀ against central differences of L = Σ_{0<t<T} w_t f(θ_t) + w_T q(θ_T), with the
   * support gradients fed to the rule held fixed (∂∇/∂φ = 0), for the query loss alone and with
   * intermediate step weights.
   */
  @ParameterizedTest
  @MethodSource("rulesAndWeights")
  void metaGradientMatchesFiniteDifferences(LearnedOptimizer rule, boolean intermediate) {
    float[] w = weights(intermediate);
    Data d = data();
    float[] phi = phi(rule);
    float[] theta0 = new float[LEARNER.parameterCount()];
    LEARNER.initialize(new Rng(3), theta0);
    int n = theta0.length;

    // The base run, recording the support gradients and losses.
    float[][] grads = new float[STEPS][n];
    float[] losses = new float[STEPS];
    Unroll run = rule.newUnroll(UnrollShape.single(n), STEPS);
    run.reset();
    float[] theta = theta0.clone();
    for (int t = 0; t < STEPS; t++) {
      losses[t] = LEARNER.lossAndGradient(theta, d.support, d.supportLabels, SUPPORT, grads[t]);
      run.step(phi, t, theta, grads[t].clone(), new float[] {losses[t]});
    }
    float[] query = new float[n];
    LEARNER.lossAndGradient(theta, d.query, d.queryLabels, QUERY, query);
    float[] dphi = new float[phi.length];
    float[] dtheta = new float[n];
    run.backward(phi, new TruncationLoss(w, 1f, query), dtheta, dphi);

    double scale = 0;
    for (float v : dtheta) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (float v : dphi) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 1e-3, "meta-gradient is (nearly) zero: the test would prove nothing");
    Rng pick = new Rng(8);
    float eps = 1e-3f;
    for (int trial = 0; trial < 40; trial++) {
      boolean ofRule = phi.length > 0 && trial % 2 == 0;
      int index = pick.nextInt(ofRule ? phi.length : n);
      if (ofRule && trial < 2 * MetaLstmInner.GATE && rule instanceof MetaLstmInner) {
        index = phi.length - 1 - trial / 2; // every gate parameter, from the end of φ
      }
      float[] p = phi.clone();
      float[] t0 = theta0.clone();
      float[] target = ofRule ? p : t0;
      float saved = target[index];
      target[index] = saved + eps;
      double plus = replay(rule, p, t0, grads, losses, d, w);
      target[index] = saved - eps;
      double minus = replay(rule, p, t0, grads, losses, d, w);
      double fd = (plus - minus) / (2 * eps);
      float analytic = ofRule ? dphi[index] : dtheta[index];
      assertEquals(
          fd,
          analytic,
          3e-3 * scale + 2e-2 * Math.abs(fd),
          (ofRule ? "φ[" : "θ₀[") + index + "] of " + rule.name());
    }
  }

  /** The meta-loss of the inner loop replayed with the recorded gradients and losses. */
  private static double replay(
      LearnedOptimizer rule,
      float[] phi,
      float[] theta0,
      float[][] grads,
      float[] losses,
      Data d,
      float[] w) {
    Unroll run = rule.newUnroll(UnrollShape.single(theta0.length), STEPS);
    run.reset();
    float[] theta = theta0.clone();
    double loss = 0;
    for (int t = 0; t < STEPS; t++) {
      if (t > 0 && w[t] != 0) {
        loss += w[t] * (double) LEARNER.loss(theta, d.support, d.supportLabels, SUPPORT);
      }
      run.step(phi, t, theta, grads[t].clone(), new float[] {losses[t]});
    }
    return loss + w[STEPS] * (double) LEARNER.loss(theta, d.query, d.queryLabels, QUERY);
  }
}
