package io.learnopt.optim;

import static io.learnopt.optim.Optimizers.chain;
import static io.learnopt.optim.Optimizers.scale;
import static io.learnopt.optim.Optimizers.scaleByAdam;
import static io.learnopt.optim.Optimizers.scaleByRms;
import static io.learnopt.optim.Optimizers.scaleByRprop;
import static io.learnopt.optim.Optimizers.scaleByRss;
import static io.learnopt.optim.Optimizers.trace;

/**
 * The registered hand-designed rules, each a chain of gradient transformations (optax's {@code
 * alias.py}):
 *
 * <pre>
 *   sgd      = chain(scale(−lr))
 *   momentum = chain(trace(β), scale(−lr))
 *   nag      = chain(trace(β, nesterov), scale(−lr))
 *   rmsprop  = chain(scaleByRms(ρ, ε), scale(−lr))
 *   adam     = chain(scaleByAdam(β₁, β₂, ε), scale(−lr))
 *   adagrad  = chain(scaleByRss(ε, s₀), scale(−lr))
 *   rprop    = chain(scaleByRprop(lr, η⁻, η⁺, Δ_min, Δ_max), scale(−1))
 * </pre>
 *
 * <p>{@link Chain} folds each final scale into the transformation before it (see {@link Scalable}),
 * so every rule runs as one pass over the coordinates. Each factory checks the hyper-parameters
 * under the rule's registry name and keys (those {@link Optimizers#parse} reads) and returns an
 * {@link Alias} carrying them. The defaults other than the learning rate are the one-argument
 * factories'; default learning rates are the registry's ({@link Optimizers#defaultLearningRate}).
 */
public final class Aliases {
  private Aliases() {}

  /** Plain stochastic gradient descent (Robbins &amp; Monro 1951): u = −lr·g. */
  public static Alias sgd(double lr) {
    return new HyperParameters("sgd").positive("lr", lr).as(chain(scale(-lr)));
  }

  /**
   * Heavy-ball momentum (Polyak 1964) as PyTorch's {@code SGD(momentum=β)}: v ← β·v + g, u = −lr·v
   * (see {@link Trace}).
   *
   * @param lr the learning rate, {@code > 0}
   * @param beta the momentum coefficient β in [0, 1); 0 gives SGD
   */
  public static Alias momentum(double lr, double beta) {
    return traced("momentum", lr, beta, false);
  }

  /** Momentum with β = 0.9. */
  public static Alias momentum(double lr) {
    return momentum(lr, 0.9);
  }

  /**
   * Nesterov's accelerated gradient, registry name {@code nag} (Nesterov 1983), in the momentum
   * form of Sutskever et al. 2013 that PyTorch's {@code SGD(momentum=β, nesterov=True)} computes: v
   * ← β·v + g, u = −lr·(g + β·v) (see {@link Trace}).
   *
   * @param lr the learning rate, {@code > 0}
   * @param beta the momentum coefficient β in [0, 1)
   */
  public static Alias nesterov(double lr, double beta) {
    return traced("nag", lr, beta, true);
  }

  /** NAG with β = 0.9. */
  public static Alias nesterov(double lr) {
    return nesterov(lr, 0.9);
  }

  /** SGD on a trace of the gradients, as optax's {@code sgd(lr, momentum, nesterov)}. */
  private static Alias traced(String name, double lr, double beta, boolean nesterov) {
    return new HyperParameters(name)
        .positive("lr", lr)
        .decayRate("beta", beta)
        .as(chain(trace(beta, nesterov), scale(-lr)));
  }

  /**
   * RMSProp (Tieleman &amp; Hinton 2012) as PyTorch's {@code RMSprop(alpha=ρ)}: s ← ρ·s + (1 −
   * ρ)·g², u = −lr·g/(√s + ε) (see {@link ScaleByRms}).
   *
   * @param lr the learning rate, {@code > 0}
   * @param decay the decay rate ρ of the mean square, in [0, 1)
   * @param eps ε, {@code > 0}
   */
  public static Alias rmsprop(double lr, double decay, double eps) {
    return ScaleByRms.check(new HyperParameters("rmsprop").positive("lr", lr), decay, eps)
        .as(chain(scaleByRms(decay, eps), scale(-lr)));
  }

  /** RMSProp with ρ = 0.9 (the lecture's and TensorFlow's; PyTorch uses 0.99) and ε = 1e-8. */
  public static Alias rmsprop(double lr) {
    return rmsprop(lr, 0.9, 1e-8);
  }

  /**
   * Adam (Kingma &amp; Ba 2015, Algorithm 1): u = −lr·m̂/(√v̂ + ε) with bias-corrected moments m̂,
   * v̂ (see {@link ScaleByAdam}). At step 1, u = −lr·g/(|g| + ε) ≈ −lr·sign(g).
   *
   * @param lr the learning rate α, {@code > 0}
   * @param beta1 the decay β₁ of the first moment, in [0, 1)
   * @param beta2 the decay β₂ of the second moment, in [0, 1)
   * @param eps ε, {@code > 0}
   */
  public static Alias adam(double lr, double beta1, double beta2, double eps) {
    return ScaleByAdam.check(new HyperParameters("adam").positive("lr", lr), beta1, beta2, eps)
        .as(chain(scaleByAdam(beta1, beta2, eps), scale(-lr)));
  }

  /** Adam with the paper's β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
  public static Alias adam(double lr) {
    return adam(lr, 0.9, 0.999, 1e-8);
  }

  /**
   * AdaGrad (Duchi, Hazan &amp; Singer 2011, diagonal) as PyTorch's {@code Adagrad}: s ← s + g², u
   * = −lr·g/(√s + ε) (see {@link ScaleByRss}).
   *
   * @param lr the learning rate, {@code > 0}
   * @param eps ε, {@code > 0}
   * @param initialAccumulator s₀, {@code >= 0}
   */
  public static Alias adagrad(double lr, double eps, double initialAccumulator) {
    return new HyperParameters("adagrad")
        .positive("lr", lr)
        .positive("eps", eps)
        .nonNegative("initialAccumulator", initialAccumulator)
        .as(chain(scaleByRss(eps, initialAccumulator), scale(-lr)));
  }

  /** AdaGrad with ε = 1e-8 and s₀ = 0 (PyTorch's). */
  public static Alias adagrad(double lr) {
    return adagrad(lr, 1e-8, 0);
  }

  /**
   * Rprop (Riedmiller &amp; Braun 1993) in PyTorch's iRprop⁻ variant: per-coordinate step sizes Δ
   * adapted from sign agreement, u = −sign(g)·Δ (see {@link ScaleByRprop}).
   *
   * @param lr the initial step size Δ₀, {@code > 0}
   * @param etaMinus the shrink factor η⁻ in (0, 1)
   * @param etaPlus the growth factor η⁺, {@code > 1}
   * @param stepMin the smallest step size Δ_min, {@code > 0}
   * @param stepMax the largest step size Δ_max, {@code >= stepMin}
   */
  public static Alias rprop(
      double lr, double etaMinus, double etaPlus, double stepMin, double stepMax) {
    return ScaleByRprop.check(new HyperParameters("rprop"), lr, etaMinus, etaPlus, stepMin, stepMax)
        .as(chain(scaleByRprop(lr, etaMinus, etaPlus, stepMin, stepMax), scale(-1)));
  }

  /** Rprop with the paper's η⁻ = 0.5, η⁺ = 1.2, Δ_max = 50 and PyTorch's Δ_min = 1e-6. */
  public static Alias rprop(double lr) {
    return rprop(lr, 0.5, 1.2, 1e-6, 50);
  }
}
