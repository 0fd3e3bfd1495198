package io.learnopt.fewshot;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.nn.Classifier;
import io.learnopt.tensor.Rng;

/**
 * A meta-learned few-shot method: a learned initialization θ₀ of the learner plus an inner update
 * rule with meta-parameters φ ({@link InnerOptimizer}), run for a fixed number of steps on the
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
  private final InnerOptimizer inner;
  private final int steps;
  private final float[] meta;
  private final int initSize;
  private final float[] phi;
  private final float[] dphi;
  private final float[] theta;
  private final float[] grad;
  private final InnerOptimizer.Run run;

  /**
   * A learner with meta-parameters {@code meta} (θ₀ then φ; copied): what {@link #create} draws and
   * a saved model holds.
   */
  public EpisodicMetaLearner(
      String name, Classifier learner, InnerOptimizer inner, int steps, float[] meta) {
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
    this.run = inner.newRun(initSize, steps);
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
    this.run = inner.newRun(initSize, steps);
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
      String name, Classifier learner, InnerOptimizer inner, int steps, Rng rng) {
    float[] meta = new float[learner.parameterCount() + inner.parameterCount()];
    float[] init = new float[learner.parameterCount()];
    learner.initialize(rng, init);
    System.arraycopy(init, 0, meta, 0, init.length);
    float[] rule = new float[inner.parameterCount()];
    inner.initialize(rng, rule);
    System.arraycopy(rule, 0, meta, init.length, rule.length);
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
  public InnerOptimizer inner() {
    return inner;
  }

  /** Inner steps on the support set. */
  public int steps() {
    return steps;
  }

  /** The current inner loop's run (its gate trace, for the meta-learner LSTM). */
  InnerOptimizer.Run run() {
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
      run.step(phi, t, theta, grad, loss);
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
    java.util.Arrays.fill(dphi, 0f);
    run.backward(phi, grad, dphi);
    for (int i = 0; i < initSize; i++) {
      dmeta[i] += grad[i];
    }
    for (int i = 0; i < dphi.length; i++) {
      dmeta[initSize + i] += dphi[i];
    }
    return loss;
  }

  private void requireFinite(float loss, String what) {
    if (!Float.isFinite(loss)) {
      throw new NonFiniteMetaLossException(
          name + ": the " + what + " is " + loss + "; lower the meta learning rate or the clip");
    }
  }
}
