package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.nn.Activation;
import io.learnopt.nn.Classifier;
import io.learnopt.nn.Mlp;
import io.learnopt.tensor.Rng;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first-order meta-gradient of each inner rule against central finite differences on a tiny
 * episode. The finite differences replay the inner loop with the support gradients and losses of
 * the base run (the detach rule: ∇_t and the loss are inputs), perturbing one meta-parameter — of
 * the rule or of the initialization θ₀ — and taking the query loss at θ_T.
 */
class InnerOptimizerGradientTest {
  private static final int STEPS = 4;
  private static final Classifier LEARNER = new Mlp(6, List.of(5), 3, Activation.TANH);
  private static final int SUPPORT = 6;
  private static final int QUERY = 9;

  static Stream<InnerOptimizer> rules() {
    return Stream.of(
        new MetaLstmInner(), MetaLstmInner.withMemory(3), L2lInner.paper(), new SgdInner(0.3f));
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
  static float[] phi(InnerOptimizer rule) {
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

  @ParameterizedTest
  @MethodSource("rules")
  void metaGradientMatchesFiniteDifferences(InnerOptimizer rule) {
    Data d = data();
    float[] phi = phi(rule);
    float[] theta0 = new float[LEARNER.parameterCount()];
    LEARNER.initialize(new Rng(3), theta0);
    int n = theta0.length;

    // The base run, recording the support gradients and losses.
    float[][] grads = new float[STEPS][n];
    float[] losses = new float[STEPS];
    InnerOptimizer.Run run = rule.newRun(n, STEPS);
    run.reset();
    float[] theta = theta0.clone();
    for (int t = 0; t < STEPS; t++) {
      losses[t] = LEARNER.lossAndGradient(theta, d.support, d.supportLabels, SUPPORT, grads[t]);
      run.step(phi, t, theta, grads[t].clone(), losses[t]);
    }
    float[] dtheta = new float[n];
    LEARNER.lossAndGradient(theta, d.query, d.queryLabels, QUERY, dtheta);
    float[] dphi = new float[phi.length];
    run.backward(phi, dtheta, dphi);

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
      double plus = replay(rule, p, t0, grads, losses, d);
      target[index] = saved - eps;
      double minus = replay(rule, p, t0, grads, losses, d);
      double fd = (plus - minus) / (2 * eps);
      float analytic = ofRule ? dphi[index] : dtheta[index];
      assertEquals(
          fd,
          analytic,
          3e-3 * scale + 2e-2 * Math.abs(fd),
          (ofRule ? "φ[" : "θ₀[") + index + "] of " + rule.name());
    }
  }

  /** The query loss at θ_T of the inner loop replayed with the recorded gradients and losses. */
  private static double replay(
      InnerOptimizer rule, float[] phi, float[] theta0, float[][] grads, float[] losses, Data d) {
    InnerOptimizer.Run run = rule.newRun(theta0.length, STEPS);
    run.reset();
    float[] theta = theta0.clone();
    for (int t = 0; t < STEPS; t++) {
      run.step(phi, t, theta, grads[t].clone(), losses[t]);
    }
    return LEARNER.loss(theta, d.query, d.queryLabels, QUERY);
  }
}
