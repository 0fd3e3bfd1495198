package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.lopt.MetaParameters;
import io.learnopt.lopt.TruncationLoss;
import io.learnopt.lopt.Unroll;
import io.learnopt.lopt.UnrollShape;
import io.learnopt.nn.Classifier;
import io.learnopt.outer.DivergedException;
import io.learnopt.tensor.Rng;
import java.util.Arrays;

/**
 * A meta-learned few-shot method: a learned initialization θ₀ of the learner plus an inner update
 * rule with meta-parameters φ (a {@link LearnedOptimizer}), run for a fixed number of steps on the
 * support set (Ravi &amp; Larochelle 2017, Algorithm 1; first-order MAML is the case φ = ∅ and
 * SGD). The meta-parameters are one flat vector, θ₀ then φ, so one Adam state trains both.
 *
 * <p>Meta-loss: the query set's mean cross-entropy at θ_T. Its first-order gradient starts from
 * ∂L/∂θ_T = the query gradient and runs back through the inner rule with the support gradients as
 * inputs; what reaches θ₀ is the initialization's gradient.
 */
public final class EpisodicMetaLearner implements FewShotMethod {
  private final String name;
  private final Classifier learner;
  private final LearnedOptimizer inner;
  private final int steps;
  private final float[] meta;
  private final int initSize;
  private final float[] phi;
  private final float[] dphi;
  private final float[] theta;
  private final float[] grad;
  private final float[] dtheta0;
  private final float[] losses = new float[1];
  private final float[] finalOnly;
  private final Unroll run;

  /**
   * A learner with meta-parameters {@code meta} (θ₀ then φ; copied): what {@link #create} draws and
   * a saved model holds.
   */
  public EpisodicMetaLearner(
      String name, Classifier learner, LearnedOptimizer inner, int steps, float[] meta) {
    if (steps < 1) {
      throw new IllegalArgumentException("need at least one inner step, got " + steps);
    }
    int expected = learner.parameterCount() + inner.parameterCount();
    if (meta.length != expected) {
      throw new IllegalArgumentException(
          name
              + ": "
              + meta.length
              + " meta-parameters, but this learner and rule need "
              + expected
              + " (was the model saved for another network?)");
    }
    this.name = name;
    this.learner = learner;
    this.inner = inner;
    this.steps = steps;
    this.meta = meta.clone();
    this.initSize = learner.parameterCount();
    this.phi = new float[inner.parameterCount()];
    this.dphi = new float[inner.parameterCount()];
    this.theta = new float[initSize];
    this.grad = new float[initSize];
    this.dtheta0 = new float[initSize];
    this.finalOnly = finalOnly(steps);
    this.run = inner.newUnroll(UnrollShape.single(initSize), steps);
  }

  /** Step weights (0, …, 0, 1): only θ_T's query loss counts. */
  private static float[] finalOnly(int steps) {
    float[] w = new float[steps + 1];
    w[steps] = 1f;
    return w;
  }

  /** A learner over the same meta-parameter array as {@code other}, with buffers of its own. */
  private EpisodicMetaLearner(EpisodicMetaLearner other) {
    this.name = other.name;
    this.learner = other.learner;
    this.inner = other.inner;
    this.steps = other.steps;
    this.meta = other.meta;
    this.initSize = other.initSize;
    this.phi = new float[other.phi.length];
    this.dphi = new float[other.dphi.length];
    this.theta = new float[initSize];
    this.grad = new float[initSize];
    this.dtheta0 = new float[initSize];
    this.finalOnly = finalOnly(steps);
    this.run = inner.newUnroll(UnrollShape.single(initSize), steps);
  }

  /**
   * Another learner that shares this one's meta-parameters (the same array, so an update is seen by
   * both) with scratch buffers of its own: one per thread when episodes run in parallel.
   */
  public EpisodicMetaLearner sibling() {
    return new EpisodicMetaLearner(this);
  }

  /** Fresh meta-parameters: θ₀ from the learner's initializer, φ from the rule's. */
  public static EpisodicMetaLearner create(
      String name, Classifier learner, LearnedOptimizer inner, int steps, Rng rng) {
    float[] init = new float[learner.parameterCount()];
    learner.initialize(rng, init);
    float[] meta = new MetaParameters(init.length, inner).initialize(init, rng);
    return new EpisodicMetaLearner(name, learner, inner, steps, meta);
  }

  @Override
  public String name() {
    return name;
  }

  /** A {@link #sibling()}: shares the meta-parameters, has scratch buffers of its own. */
  @Override
  public EpisodicMetaLearner copy() {
    return sibling();
  }

  /** The meta-parameters θ₀ then φ: the live array, which a meta-optimizer updates in place. */
  public float[] meta() {
    return meta;
  }

  /** Length of θ₀, where φ starts in {@link #meta()}. */
  public int initSize() {
    return initSize;
  }

  /** The learner network. */
  public Classifier learner() {
    return learner;
  }

  /** The inner update rule. */
  public LearnedOptimizer inner() {
    return inner;
  }

  /** Inner steps on the support set. */
  public int steps() {
    return steps;
  }

  /** The current inner loop's run (its gate trace, for the meta-learner LSTM). */
  Unroll run() {
    return run;
  }

  /**
   * Runs the inner loop on the episode's support set from θ₀ and returns θ_T (a buffer the next
   * call reuses).
   */
  public float[] adapt(Episode episode) {
    System.arraycopy(meta, 0, theta, 0, initSize);
    System.arraycopy(meta, initSize, phi, 0, phi.length);
    run.reset();
    int batch = episode.supportLabels().length;
    for (int t = 0; t < steps; t++) {
      float loss =
          learner.lossAndGradient(theta, episode.support(), episode.supportLabels(), batch, grad);
      requireFinite(loss, "support loss at inner step " + t);
      losses[0] = loss;
      run.step(phi, t, theta, grad, losses);
    }
    return theta;
  }

  @Override
  public double accuracy(Episode episode) {
    float[] adapted = adapt(episode);
    return learner.accuracy(
        adapted, episode.query(), episode.queryLabels(), episode.queryLabels().length);
  }

  /**
   * The query loss at θ_T after adapting to the support set; adds its first-order gradient with
   * respect to the meta-parameters into {@code dmeta} (length {@code meta().length}).
   */
  public float metaGradient(Episode episode, float[] dmeta) {
    float[] adapted = adapt(episode);
    float loss =
        learner.lossAndGradient(
            adapted, episode.query(), episode.queryLabels(), episode.queryLabels().length, grad);
    requireFinite(loss, "query loss");
    Arrays.fill(dphi, 0f);
    run.backward(phi, new TruncationLoss(finalOnly, 1f, grad), dtheta0, dphi);
    for (int i = 0; i < initSize; i++) {
      dmeta[i] += dtheta0[i];
    }
    for (int i = 0; i < dphi.length; i++) {
      dmeta[initSize + i] += dphi[i];
    }
    return loss;
  }

  private void requireFinite(float loss, String what) {
    if (!Float.isFinite(loss)) {
      throw new DivergedException(
          name + ": the " + what + " is " + loss + "; lower the meta learning rate or the clip");
    }
  }
}
