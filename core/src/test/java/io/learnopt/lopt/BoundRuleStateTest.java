package io.learnopt.lopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.learnopt.UsageException;
import io.learnopt.fewshot.MetaLstmInner;
import io.learnopt.fewshot.SgdInner;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.optim.NamedArrays;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every learned rule bound to φ is a plain optimizer whose state saves and restores itself: a run
 * continued from a restored state gives the same updates, bit for bit, as the uninterrupted run.
 */
class BoundRuleStateTest {
  private static final int N = 300;

  static Stream<LearnedOptimizer> rules() {
    return Stream.of(
        new L2lLstm(LstmOptimizerConfig.paperNeuralNet()),
        new L2lLstm(LstmOptimizerConfig.rnnprop()),
        new MetaLstmInner(),
        MetaLstmInner.withMemory(4),
        new SgdInner(0.1f));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void restoredStateContinuesTheRunBitForBit(LearnedOptimizer rule) {
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(new Rng(3), phi);
    Optimizer bound = rule.bind(phi);
    Rng rng = new Rng(4);
    float[] params = new float[N];
    rng.fillGaussian(params, 0f, 1f);
    Optimizer.State state = bound.init(N);
    for (int t = 0; t < 5; t++) {
      step(bound, state, params, rng);
    }
    NamedArrays saved = new NamedArrays();
    state.save(saved);
    Optimizer.State restored = bound.init(N);
    restored.restore(saved);
    float[] copy = params.clone();
    Rng a = new Rng(9);
    Rng b = new Rng(9);
    for (int t = 0; t < 5; t++) {
      step(bound, state, params, a);
      step(bound, restored, copy, b);
      assertArrayEquals(params, copy, rule.name() + " step " + t);
    }
  }

  /** One update with a gradient and loss drawn from {@code rng}. */
  private static void step(Optimizer opt, Optimizer.State state, float[] params, Rng rng) {
    float[] grad = new float[N];
    rng.fillGaussian(grad, 0f, 1f);
    float[] update = new float[N];
    opt.update(grad, params, 1f + (float) rng.nextDouble(), state, update);
    for (int i = 0; i < N; i++) {
      params[i] += update[i];
    }
  }

  @ParameterizedTest
  @MethodSource("rules")
  void aRuleThatReadsTheLossRefusesTheUpdateWithoutIt(LearnedOptimizer rule) {
    Optimizer bound = rule.bind(new float[rule.parameterCount()]);
    Optimizer.State state = bound.init(N);
    float[] zeros = new float[N];
    if (rule instanceof MetaLstmInner) {
      assertThrows(UsageException.class, () -> bound.update(zeros, zeros, state, new float[N]));
    } else {
      bound.update(zeros, zeros, state, new float[N]); // the loss is optional for the others
    }
  }
}
