package io.learnopt.lopt;

import static io.learnopt.lopt.RuleFixtures.linearWeights;
import static io.learnopt.lopt.RuleFixtures.phi;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import io.learnopt.optim.NamedArrays;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.ParameterGroups;
import io.learnopt.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-parameter MLP optimizer: its meta-gradient against central finite differences (over two
 * truncations, so the carried accumulators and time features count), the bound optimizer against
 * the unroll, per-tensor normalization and the state's round trip.
 */
class MlpLoptTest {
  private static final int STEPS = 4;

  /** Large scales so that φ moves θ visibly in a few steps (float finite differences). */
  private static final MlpLoptConfig TEST =
      new MlpLoptConfig(
          new int[] {8, 6}, new float[] {0.5f, 0.9f}, 0.99f, new float[] {1, 10}, 0.1f, 0.5f);

  private static final MlpLopt RULE = new MlpLopt(TEST);

  /** Two tasks of three and two tensors. */
  private static final List<ParameterGroups> TASKS =
      List.of(
          ParameterGroups.builder().add("fc", 6).add("fc", 3).add("conv", 5).build(),
          ParameterGroups.builder().add("fc", 4).add("fc", 7).build());

  private static final UnrollShape SHAPE = UnrollShape.of(TASKS);
  private static final int N = SHAPE.coordinates();

  /**
   * Two truncations of T steps from θ = 0; returns the second truncation's meta-gradient and
   * records every gradient the rule read in {@code grads} (2T + 1 of them).
   */
  private static float[] secondTruncation(float[] phi, CoupledQuadratic f, float[][] grads) {
    Unroll unroll = RULE.newUnroll(SHAPE, STEPS);
    unroll.reset();
    float[] theta = new float[N];
    f.gradient(theta, grads[0]);
    float[] dphi = new float[phi.length];
    for (int truncation = 0; truncation < 2; truncation++) {
      for (int t = 0; t < STEPS; t++) {
        int k = truncation * STEPS + t;
        unroll.step(phi, t, theta, grads[k].clone(), new float[SHAPE.tasks()]);
        f.gradient(theta, grads[k + 1]);
      }
      java.util.Arrays.fill(dphi, 0f);
      unroll.backward(
          phi,
          new TruncationLoss(linearWeights(STEPS), 0.5f, grads[(truncation + 1) * STEPS]),
          null,
          dphi);
      unroll.carryOver();
    }
    return dphi;
  }

  /**
   * The second truncation's meta-loss with the recorded gradients as inputs, as a function of the φ
   * of that truncation only (truncated BPTT: θ and the accumulators at its start are fixed).
   */
  private static double replay(float[] phi, float[] phiFirst, float[][] grads, CoupledQuadratic f) {
    Optimizer first = RULE.bind(phiFirst);
    Optimizer second = RULE.bind(phi);
    Optimizer.State state = first.init(ParameterGroups.concat(TASKS));
    float[] theta = new float[N];
    float[] update = new float[N];
    float[] w = linearWeights(STEPS);
    double loss = 0;
    for (int k = 0; k < 2 * STEPS; k++) {
      (k < STEPS ? first : second).update(grads[k], theta, state, update);
      for (int i = 0; i < N; i++) {
        theta[i] += update[i];
      }
      if (k >= STEPS) {
        loss += 0.5 * w[k - STEPS + 1] * f.loss(theta);
      }
    }
    return loss;
  }

  @Test
  void metaGradientMatchesFiniteDifferences() {
    CoupledQuadratic f = CoupledQuadratic.random(3, N);
    float[] phi = phi(RULE, 11);
    float[][] grads = new float[2 * STEPS + 1][N];
    float[] dphi = secondTruncation(phi, f, grads);
    double scale = 0;
    for (float d : dphi) {
      scale = Math.max(scale, Math.abs(d));
    }
    assertTrue(scale > 1e-2, "the meta-gradient is (nearly) zero: " + scale);
    float eps = 2e-3f;
    int checked = 0;
    for (int index = 0; index < phi.length; index++) {
      float[] p = phi.clone();
      p[index] = phi[index] + eps;
      double plus = replay(p, phi, grads, f);
      p[index] = phi[index] - eps;
      double minus = replay(p, phi, grads, f);
      double fd = (plus - minus) / (2 * eps);
      assertEquals(fd, dphi[index], 2e-3 * scale + 2e-2 * Math.abs(fd), "φ[" + index + "]");
      checked += Math.abs(fd) > 1e-3 * scale ? 1 : 0;
    }
    assertTrue(checked > phi.length / 2, "only " + checked + " of " + phi.length + " φ matter");
  }

  @Test
  void theNetworkBackwardMatchesFiniteDifferencesAcrossBlocks() {
    // More rows than a block holds, so the blockwise accumulation is exercised.
    int n = 2 * MlpLoptNet.BLOCK + 77;
    MlpLoptNet net = new MlpLoptNet(TEST);
    Rng rng = new Rng(5);
    float[] phi = new float[net.size()];
    net.initialize(rng, phi);
    rng.fillGaussian(phi, 0f, 0.5f); // non-zero biases too
    float[] x = new float[n * TEST.coordinateFeatures()];
    rng.fillGaussian(x, 0f, 1f);
    float[] time = new float[TEST.timeScales().length];
    net.timeFeatures(7, time);
    float[] du = new float[n];
    rng.fillGaussian(du, 0f, 1f);
    float[] dphi = new float[phi.length];
    net.backward(phi, x, time, n, du, dphi);
    float[] u = new float[n];
    double scale = 0;
    for (float d : dphi) {
      scale = Math.max(scale, Math.abs(d));
    }
    // With thousands of rows a step of φ moves some ReLU across its kink; such an index shows
    // one-sided differences that disagree, and is skipped (at most a few of them).
    double eps = 1e-3;
    net.forward(phi, x, time, n, u);
    double center = dot(du, u);
    int skipped = 0;
    for (int index = 0; index < phi.length; index++) {
      float[] p = phi.clone();
      p[index] = (float) (phi[index] + eps);
      net.forward(p, x, time, n, u);
      double plus = dot(du, u);
      p[index] = (float) (phi[index] - eps);
      net.forward(p, x, time, n, u);
      double minus = dot(du, u);
      double right = (plus - center) / eps;
      double left = (center - minus) / eps;
      double tolerance = 5e-3 * scale + 2e-2 * Math.abs(right);
      if (Math.abs(right - left) > tolerance) {
        skipped++;
        continue;
      }
      double fd = (plus - minus) / (2 * eps);
      assertEquals(fd, dphi[index], tolerance, "φ[" + index + "]");
    }
    assertTrue(skipped < phi.length / 10, skipped + " of " + phi.length + " at a kink");
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void theBoundOptimizerStepsAsTheUnrollAndItsStateRoundTrips() {
    CoupledQuadratic f = CoupledQuadratic.random(4, N);
    float[] phi = phi(RULE, 12);
    float[][] grads = new float[2 * STEPS + 1][N];
    secondTruncation(phi, f, grads);
    // The unroll's θ after two truncations, replayed by the bound optimizer with a save/restore
    // half way.
    Unroll unroll = RULE.newUnroll(SHAPE, STEPS);
    unroll.reset();
    float[] viaUnroll = new float[N];
    for (int k = 0; k < 2 * STEPS; k++) {
      unroll.step(phi, k % STEPS, viaUnroll, grads[k].clone(), new float[2]);
      if (k % STEPS == STEPS - 1) {
        unroll.carryOver();
      }
    }
    Optimizer bound = RULE.bind(phi);
    ParameterGroups groups = ParameterGroups.concat(TASKS);
    Optimizer.State state = bound.init(groups);
    float[] theta = new float[N];
    float[] update = new float[N];
    for (int k = 0; k < 2 * STEPS; k++) {
      if (k == STEPS) {
        NamedArrays saved = new NamedArrays();
        state.save(saved);
        assertEquals(List.of("m0", "m1", "v"), List.copyOf(saved.arrays().keySet()));
        assertEquals(STEPS, saved.counter("t"));
        state = bound.init(groups);
        state.restore(saved);
      }
      bound.update(grads[k], theta, state, update);
      for (int i = 0; i < N; i++) {
        theta[i] += update[i];
      }
    }
    assertArrayEquals(viaUnroll, theta, 0f);
  }

  @Test
  void eachTensorsFeaturesAreNormalizedOverThatTensorOnly() {
    ParameterGroups tensors = ParameterGroups.builder().add("fc", 50).add("fc", 30).build();
    Rng rng = new Rng(9);
    float[] grad = new float[80];
    rng.fillGaussian(grad, 0f, 1f);
    float[] scaled = grad.clone();
    for (int i = 0; i < 50; i++) {
      scaled[i] *= 1000f; // the first tensor only
    }
    int f = TEST.coordinateFeatures();
    float[] x = new float[80 * f];
    float[] xScaled = new float[80 * f];
    new MlpLoptFeatures(TEST, tensors).advance(grad, x);
    new MlpLoptFeatures(TEST, tensors).advance(scaled, xScaled);
    for (int i = 0; i < 80; i++) {
      for (int j = 0; j < f; j++) {
        int at = MlpLoptNet.panel(80, f, i, j);
        if (i >= 50) {
          assertEquals(x[at], xScaled[at], "the second tensor does not see the first's scale");
        } else if (j < 1 + TEST.momentumDecays().length) {
          // g and momenta: scale-free once normalized (the ε is negligible at these scales).
          assertEquals(x[at], xScaled[at], 1e-2f * Math.abs(x[at]) + 1e-4f, "feature " + j);
        }
      }
    }
    // Every normalized feature has a root mean square of about one over its tensor.
    for (int j = 0; j < f; j++) {
      double sum = 0;
      for (int i = 50; i < 80; i++) {
        float v = x[MlpLoptNet.panel(80, f, i, j)];
        sum += v * v;
      }
      double rms = Math.sqrt(sum / 30);
      assertTrue(rms > 0.9 && rms <= 1.0 + 1e-6, "feature " + j + " rms " + rms);
    }
  }

  @Test
  void coordinatesWithoutGradientDoNotSwampTheInverseFeature() {
    // Half the tensor never gets a gradient (a blank border pixel's weights).
    ParameterGroups tensors = ParameterGroups.builder().add("fc", 100).build();
    float[] grad = new float[100];
    new Rng(2).fillGaussian(grad, 0f, 1e-3f);
    java.util.Arrays.fill(grad, 50, 100, 0f);
    int f = TEST.coordinateFeatures();
    float[] x = new float[100 * f];
    new MlpLoptFeatures(TEST, tensors).advance(grad, x);
    int inverse = f - 1;
    float live = Math.abs(x[MlpLoptNet.panel(100, f, 0, inverse)]);
    float dead = Math.abs(x[MlpLoptNet.panel(100, f, 99, inverse)]);
    assertTrue(live > 0.05f * dead, "live " + live + " against dead " + dead);
  }

  @Test
  void tensorsAcrossBlockBoundariesAreNormalizedAsAWhole() {
    // Three tensors, the middle one spanning two blocks; the layout must not matter.
    int n = MlpLoptNet.BLOCK + 300;
    ParameterGroups tensors =
        ParameterGroups.builder().add("fc", 200).add("fc", n - 400).add("fc", 200).build();
    Rng rng = new Rng(10);
    float[] grad = new float[n];
    rng.fillGaussian(grad, 0f, 1f);
    int f = TEST.coordinateFeatures();
    float[] x = new float[n * f];
    new MlpLoptFeatures(TEST, tensors).advance(grad, x);
    for (int t = 0; t < 3; t++) {
      for (int j = 0; j < f; j++) {
        double sum = 0;
        for (int i = tensors.tensorStart(t); i < tensors.tensorStart(t + 1); i++) {
          float v = x[MlpLoptNet.panel(n, f, i, j)];
          sum += v * v;
        }
        double rms = Math.sqrt(sum / (tensors.tensorStart(t + 1) - tensors.tensorStart(t)));
        assertTrue(rms > 0.9 && rms <= 1.0 + 1e-5, "tensor " + t + " feature " + j + ": " + rms);
      }
    }
    // Coordinate 1100 (second block, middle tensor): g normalized by that tensor's RMS of g.
    double sq = 0;
    for (int i = 200; i < n - 200; i++) {
      sq += grad[i] * grad[i];
    }
    double expected = grad[1100] / Math.sqrt(sq / (n - 400) + MlpLoptFeatures.NORM_EPSILON);
    assertEquals(expected, x[MlpLoptNet.panel(n, f, 1100, 0)], 1e-5 * (1 + Math.abs(expected)));
  }

  @Test
  void badStatesAndShapesAreRefused() {
    Optimizer bound = RULE.bind(phi(RULE, 1));
    Optimizer.State state = bound.init(5);
    assertThrows(
        IllegalArgumentException.class,
        () -> bound.update(new float[4], new float[4], state, new float[4]));
    NamedArrays saved = new NamedArrays();
    state.save(saved);
    saved.putArray("v", new float[] {1, 1, -1, 1, 1});
    LearnoptException e = assertThrows(LearnoptException.class, () -> state.restore(saved));
    assertTrue(e.getMessage().contains("'v'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RULE.bind(new float[3]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new MlpLoptConfig(new int[] {}, new float[] {0.9f}, 0.99f, new float[] {1}, 1, 1));
  }
}
