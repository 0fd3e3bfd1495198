package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import io.learnopt.data.omniglot.Episode;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.nn.Classifier;
import io.learnopt.nn.ConvNet;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole first-order meta-gradient of {@link EpisodicMetaLearner#metaGradient} — inner loop on a
 * conv learner with batch norm, query loss, backward through the rule into θ₀ and φ — against
 * central finite differences on a tiny episode. The first-order rule treats the support gradients
 * and losses as inputs, so the finite differences replay the ones the base run recorded: the
 * learner is wrapped so that support calls return them, while the query loss is computed for real.
 */
class EpisodicMetaGradientTest {
  private static final int STEPS = 3;

  static Stream<LearnedOptimizer> rules() {
    return LearnedRuleGradientTest.rules();
  }

  /** A learner that records its support gradients, then replays them (the detach rule). */
  private static final class Replaying implements Classifier {
    private final Classifier inner;
    private final float[] support;
    private final List<float[]> grads = new ArrayList<>();
    private final List<Float> losses = new ArrayList<>();
    private boolean replay;
    private int call;

    Replaying(Classifier inner, float[] support) {
      this.inner = inner;
      this.support = support;
    }

    void startReplay() {
      replay = true;
    }

    @Override
    public float lossAndGradient(
        float[] params, float[] inputs, int[] labels, int batch, float[] gradOut) {
      if (inputs != support) {
        return inner.lossAndGradient(params, inputs, labels, batch, gradOut);
      }
      if (!replay) {
        float loss = inner.lossAndGradient(params, inputs, labels, batch, gradOut);
        grads.add(gradOut.clone());
        losses.add(loss);
        return loss;
      }
      int t = call++ % grads.size();
      System.arraycopy(grads.get(t), 0, gradOut, 0, gradOut.length);
      return losses.get(t);
    }

    @Override
    public ParameterLayout layout() {
      return inner.layout();
    }

    @Override
    public int parameterCount() {
      return inner.parameterCount();
    }

    @Override
    public int inputSize() {
      return inner.inputSize();
    }

    @Override
    public void initialize(Rng rng, float[] params) {
      inner.initialize(rng, params);
    }

    @Override
    public String kind() {
      return "replaying " + inner.kind();
    }

    @Override
    public Var forward(Tape tape, List<Var> params, float[] inputs, int batch) {
      return inner.forward(tape, params, inputs, batch);
    }
  }

  @ParameterizedTest
  @MethodSource("rules")
  void metaGradientOfAConvLearnerMatchesFiniteDifferences(LearnedOptimizer rule) {
    Episode episode = Episodes.noisyPrototypes(3, 2, 3, 0.3f, 21);
    ConvNet conv = ConvNet.omniglot(3, 3);
    Replaying learner = new Replaying(conv, episode.support());
    float[] theta0 = conv.initialize(new Rng(3));
    float[] phi = LearnedRuleGradientTest.phi(rule);
    float[] meta = new float[theta0.length + phi.length];
    System.arraycopy(theta0, 0, meta, 0, theta0.length);
    System.arraycopy(phi, 0, meta, theta0.length, phi.length);

    float[] analytic = new float[meta.length];
    new EpisodicMetaLearner(rule.name(), learner, rule, STEPS, meta)
        .metaGradient(episode, analytic);
    learner.startReplay();
    double scale = 0;
    for (float v : analytic) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 1e-3, "meta-gradient is (nearly) zero: the test would prove nothing");

    // Indices: the first weight of every named tensor of θ₀ (each conv block, γ, β, the head),
    // plus random ones of θ₀ and of φ.
    List<Integer> indices = new ArrayList<>();
    for (var entry : conv.layout().entries()) {
      indices.add(entry.offset());
    }
    Rng pick = new Rng(8);
    for (int k = 0; k < 12; k++) {
      indices.add(pick.nextInt(theta0.length));
      if (phi.length > 0) {
        indices.add(theta0.length + pick.nextInt(phi.length));
      }
    }
    // ReLU and max-pooling make the loss piecewise smooth. Where a perturbation crosses a kink,
    // the one-sided slopes disagree and no finite difference is meaningful: those indices are
    // skipped, but most must be checked.
    float eps = 1e-3f;
    int checked = 0;
    for (int index : indices) {
      double base = queryLoss(rule, learner, meta, episode);
      double plus = queryLoss(rule, learner, perturbed(meta, index, eps), episode);
      double minus = queryLoss(rule, learner, perturbed(meta, index, -eps), episode);
      double forward = (plus - base) / eps;
      double backward = (base - minus) / eps;
      if (Math.abs(forward - backward)
          > 0.05 * Math.max(Math.abs(forward), Math.abs(backward)) + 2e-3 * scale) {
        continue;
      }
      checked++;
      double fd = (plus - minus) / (2 * eps);
      String what =
          index < theta0.length ? "θ₀[" + index + "]" : "φ[" + (index - theta0.length) + "]";
      assertEquals(
          fd, analytic[index], 2e-3 * scale + 2e-2 * Math.abs(fd), what + " of " + rule.name());
    }
    assertTrue(
        checked >= 3 * indices.size() / 4,
        "only " + checked + " of " + indices.size() + " indices away from a kink");
  }

  private static float[] perturbed(float[] meta, int index, float delta) {
    float[] copy = meta.clone();
    copy[index] += delta;
    return copy;
  }

  private static double queryLoss(
      LearnedOptimizer rule, Classifier learner, float[] meta, Episode episode) {
    float[] adapted =
        new EpisodicMetaLearner(rule.name(), learner, rule, STEPS, meta).adapt(episode);
    return learner.loss(
        adapted, episode.query(), episode.queryLabels(), episode.queryLabels().length);
  }
}
