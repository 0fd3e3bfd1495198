package io.learnopt.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered rule, built as a chain, gives bit for bit the updates of the whole-rule class
 * that implemented it before (Sgd, Momentum, Nesterov, RmsProp, Adam, Adagrad, Rprop, and
 * ClipByGlobalNorm chained before Adam): the shipped baselines' numbers depend on it. Those
 * classes' update loops are kept below as the reference, each float operation and its order
 * unchanged (the casts of the hyper-parameters written inline).
 */
class BitIdentityTest {
  private static final int COORDINATES = 64;
  private static final int STEPS = 50;

  /** An old rule with its state: writes the update for gradient g at step t ≥ 1. */
  interface WholeRule {
    void update(int t, float[] g, float[] u);
  }

  static Stream<Arguments> rules() {
    Stream<Arguments> registered =
        Stream.of(
                "sgd",
                "sgd:lr=0.37",
                "sgd:lr=3",
                "momentum",
                "momentum:lr=0.1,beta=0.99",
                "momentum:lr=0.3,beta=0",
                "nag",
                "nag:lr=0.05,beta=0.5",
                "nag:lr=1,beta=0.999",
                "rmsprop",
                "rmsprop:lr=0.003,decay=0.99,eps=1e-6",
                "rmsprop:lr=0.1,decay=0,eps=1e-3",
                "adam",
                "adam:lr=0.01,beta1=0.5,beta2=0.9,eps=1e-6",
                "adam:lr=0.3,beta1=0,beta2=0.99999,eps=1e-3",
                "adagrad",
                "adagrad:lr=0.3,eps=1e-10,initialAccumulator=0.1",
                "adagrad:lr=1,eps=1e-3,initialAccumulator=2",
                "rprop",
                "rprop:lr=0.1,etaMinus=0.5,etaPlus=1.2,stepMin=0.04,stepMax=0.15",
                "rprop:lr=2,etaMinus=0.3,etaPlus=1.5,stepMin=1e-3,stepMax=1")
            .map(spec -> Arguments.of(spec, Optimizers.parse(spec), whole(spec)));
    Stream<Arguments> clipped =
        Stream.of(0.5, 20.0)
            .map(
                maxNorm ->
                    Arguments.of(
                        "clip(" + maxNorm + ")+adam:lr=0.01",
                        Optimizers.chain(Optimizers.clipByGlobalNorm(maxNorm), Aliases.adam(0.01)),
                        (IntFunction<WholeRule>)
                            n -> clipThen(maxNorm, adam(0.01, 0.9, 0.999, 1e-8, n))));
    return Stream.concat(registered, clipped);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void chainGivesTheWholeRulesBits(String spec, Optimizer chain, IntFunction<WholeRule> whole) {
    WholeRule reference = whole.apply(COORDINATES);
    Optimizer.State state = chain.init(COORDINATES);
    SplittableRandom random = new SplittableRandom(spec.hashCode());
    float[] grad = new float[COORDINATES];
    float[] params = new float[COORDINATES];
    float[] expected = new float[COORDINATES];
    float[] actual = new float[COORDINATES];
    for (int t = 1; t <= STEPS; t++) {
      UpdateSequences.randomGradient(random, grad);
      reference.update(t, grad, expected);
      chain.update(grad, params, state, actual);
      assertArrayEquals(expected, actual, spec + ", step " + t);
    }
  }

  /** The old rule a registry spec names, for {@code n} coordinates. */
  private static IntFunction<WholeRule> whole(String spec) {
    Alias rule = (Alias) Optimizers.parse(spec);
    double[] h = rule.hyperParameters().values().stream().mapToDouble(x -> x).toArray();
    return switch (rule.name()) {
      case "sgd" -> n -> sgd(h[0]);
      case "momentum" -> n -> momentum(h[0], h[1], false, n);
      case "nag" -> n -> momentum(h[0], h[1], true, n);
      case "rmsprop" -> n -> rmsprop(h[0], h[1], h[2], n);
      case "adam" -> n -> adam(h[0], h[1], h[2], h[3], n);
      case "adagrad" -> n -> adagrad(h[0], h[1], h[2], n);
      case "rprop" -> n -> rprop(h[0], h[1], h[2], h[3], h[4], n);
      default -> throw new IllegalArgumentException(spec);
    };
  }

  /** Sgd.update. */
  private static WholeRule sgd(double lr) {
    return (t, g, u) -> {
      for (int i = 0; i < u.length; i++) {
        u[i] = (float) -lr * g[i];
      }
    };
  }

  /** Momentum.update and Nesterov.update (velocity v, u = −lr·v or −lr·(g + β·v)). */
  private static WholeRule momentum(double lr, double beta, boolean nesterov, int n) {
    float[] v = new float[n];
    return (t, g, u) -> {
      for (int i = 0; i < n; i++) {
        v[i] = (float) beta * v[i] + g[i];
        u[i] = (float) -lr * (nesterov ? g[i] + (float) beta * v[i] : v[i]);
      }
    };
  }

  /** RmsProp.update. */
  private static WholeRule rmsprop(double lr, double decay, double eps, int n) {
    float[] meanSquare = new float[n];
    return (t, g, u) -> {
      for (int i = 0; i < n; i++) {
        meanSquare[i] = (float) decay * meanSquare[i] + (float) (1 - decay) * g[i] * g[i];
        u[i] = (float) -lr * g[i] / ((float) Math.sqrt(meanSquare[i]) + (float) eps);
      }
    };
  }

  /** Adagrad.update. */
  private static WholeRule adagrad(double lr, double eps, double initialAccumulator, int n) {
    float[] sumSquares = new float[n];
    Arrays.fill(sumSquares, (float) initialAccumulator);
    return (t, g, u) -> {
      for (int i = 0; i < n; i++) {
        sumSquares[i] = sumSquares[i] + g[i] * g[i];
        u[i] = (float) -lr * g[i] / ((float) Math.sqrt(sumSquares[i]) + (float) eps);
      }
    };
  }

  /** Adam.update: the bias corrections in double, folded into two float scalars per step. */
  private static WholeRule adam(double lr, double beta1, double beta2, double eps, int n) {
    float[] m = new float[n];
    float[] v = new float[n];
    return (t, g, u) -> {
      float negStep = (float) (-lr / (1 - Math.pow(beta1, t)));
      float invSqrtCorrection2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
      for (int i = 0; i < n; i++) {
        m[i] = (float) beta1 * m[i] + (float) (1 - beta1) * g[i];
        v[i] = (float) beta2 * v[i] + (float) (1 - beta2) * g[i] * g[i];
        u[i] = negStep * m[i] / ((float) Math.sqrt(v[i]) * invSqrtCorrection2 + (float) eps);
      }
    };
  }

  /** Rprop.update (iRprop⁻): step sizes Δ, the previous gradient zeroed after a sign change. */
  private static WholeRule rprop(
      double lr, double etaMinus, double etaPlus, double stepMin, double stepMax, int n) {
    float[] delta = new float[n];
    float[] prev = new float[n];
    Arrays.fill(delta, (float) lr);
    return (t, g, u) -> {
      for (int i = 0; i < n; i++) {
        boolean agree = (g[i] > 0 && prev[i] > 0) || (g[i] < 0 && prev[i] < 0);
        boolean flip = (g[i] > 0 && prev[i] < 0) || (g[i] < 0 && prev[i] > 0);
        float grown = agree ? delta[i] * (float) etaPlus : delta[i];
        delta[i] =
            Math.min(
                Math.max(flip ? delta[i] * (float) etaMinus : grown, (float) stepMin),
                (float) stepMax);
        prev[i] = flip ? 0 : g[i];
        u[i] = -Math.signum(prev[i]) * delta[i];
      }
    };
  }

  /** ClipByGlobalNorm.apply (sum of squares and scale in double) before {@code rule}. */
  private static WholeRule clipThen(double maxNorm, WholeRule rule) {
    float[] clipped = new float[COORDINATES];
    return (t, g, u) -> {
      double sumSquares = 0;
      for (float x : g) {
        sumSquares += (double) x * x;
      }
      double norm = Math.sqrt(sumSquares);
      for (int i = 0; i < g.length; i++) {
        clipped[i] = norm > maxNorm ? (float) (g[i] * (maxNorm / norm)) : g[i];
      }
      rule.update(t, clipped, u);
    };
  }
}
