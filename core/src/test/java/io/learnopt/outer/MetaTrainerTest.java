package io.learnopt.outer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.eval.Evaluator;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmParameters;
import io.learnopt.learned.Preprocessing;
import io.learnopt.problem.Problem;
import io.learnopt.problem.QuadraticProblem;
import io.learnopt.problem.StepWeighting;
import io.learnopt.problem.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Meta-training on tiny settings: progress reports, determinism, non-finite losses, threads. */
class MetaTrainerTest {
  static final Problem PROBLEM = new QuadraticProblem(3);
  static final LstmParameters LAYOUT =
      new LstmParameters(new LstmOptimizerConfig(2, 8, Preprocessing.RAW, 10f, 0.1f));

  /** epochs, unroll 5, horizon 10, 8 tasks, lr 1e-3, evalEvery 2, 5 validation tasks. */
  static MetaTrainingConfig config(int epochs, double clip, long seed, int threads) {
    return new MetaTrainingConfig(
        epochs, 5, 10, 8, 1e-3, clip, 2, 5, seed, threads, StepWeighting.UNIFORM);
  }

  static OuterState train(L2lTrainer trainer) {
    return trainer.train(trainer.initialState(), new TrainingListener() {});
  }

  /** Records what the listener hears. */
  static final class Recorder implements TrainingListener {
    final List<int[]> unrolls = new ArrayList<>();
    final List<Double> unrollLosses = new ArrayList<>();
    final List<Double> unrollNorms = new ArrayList<>();
    final List<RoundReport> epochs = new ArrayList<>();
    final List<float[]> phiAfterEpoch = new ArrayList<>();

    @Override
    public void onStep(int epoch, int unroll, double meanLoss, double gradientNorm) {
      unrolls.add(new int[] {epoch, unroll});
      unrollLosses.add(meanLoss);
      unrollNorms.add(gradientNorm);
    }

    @Override
    public void onRound(RoundReport report, OuterState state) {
      epochs.add(report);
      phiAfterEpoch.add(state.meta().clone());
      assertEquals(report.round() + 1, state.nextRound(), "state not advanced before onEpoch");
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1})
  void listenerHearsEpochsInOrderWithValidationEveryEvalEvery(double clip) {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1));
    OuterState start = trainer.initialState();
    float[] initial = start.meta().clone();
    Recorder recorder = new Recorder();
    OuterState end = trainer.train(start, recorder);

    assertEquals(4, end.nextRound());
    List<int[]> expectedUnrolls = new ArrayList<>();
    for (int e = 0; e < 4; e++) {
      for (int u = 0; u < 2; u++) {
        expectedUnrolls.add(new int[] {e, u});
      }
    }
    assertArrayEquals(expectedUnrolls.toArray(), recorder.unrolls.toArray());
    for (int i = 0; i < recorder.unrollLosses.size(); i++) {
      assertTrue(Double.isFinite(recorder.unrollLosses.get(i)) && recorder.unrollLosses.get(i) > 0);
      assertTrue(Double.isFinite(recorder.unrollNorms.get(i)) && recorder.unrollNorms.get(i) > 0);
    }

    assertEquals(List.of(0, 1, 2, 3), recorder.epochs.stream().map(r -> r.round()).toList());
    double best = Double.POSITIVE_INFINITY;
    int bestEpoch = -1;
    for (TrainingListener.RoundReport r : recorder.epochs) {
      assertTrue(Double.isFinite(r.meanLoss()) && r.meanLoss() > 0, r.toString());
      assertTrue(Double.isFinite(r.meanGradientNorm()), r.toString());
      // The epoch's mean is the mean of its two unrolls.
      double expected =
          (recorder.unrollLosses.get(2 * r.round()) + recorder.unrollLosses.get(2 * r.round() + 1))
              / 2;
      assertEquals(expected, r.meanLoss(), 1e-12 * expected);
      boolean validated = (r.round() + 1) % 2 == 0;
      assertEquals(validated, Double.isFinite(r.validationScore()), r.toString());
      if (!validated) {
        assertTrue(Double.isNaN(r.validationScore()));
        assertFalse(r.improved());
      } else {
        assertEquals(r.validationScore() < best, r.improved(), r.toString());
        if (r.improved()) {
          best = r.validationScore();
          bestEpoch = r.round();
        }
      }
    }
    assertTrue(recorder.epochs.get(1).improved(), "the first validation is always a new best");
    assertEquals(best, end.bestScore());
    assertEquals(bestEpoch, end.bestRound());
    assertArrayEquals(recorder.phiAfterEpoch.get(bestEpoch), end.best());
    assertArrayEquals(recorder.phiAfterEpoch.get(3), end.meta());
    assertEquals(best, trainer.validate(end.best(), new Evaluator(1)));
    assertFalse(Arrays.equals(initial, end.meta()), "training did not change φ");
  }

  @Test
  void lastEpochIsAlwaysValidated() {
    L2lTrainer trainer =
        new L2lTrainer(
            PROBLEM,
            LAYOUT,
            new MetaTrainingConfig(3, 5, 10, 8, 1e-3, 0, 2, 5, 3, 1, StepWeighting.UNIFORM));
    Recorder recorder = new Recorder();
    trainer.train(trainer.initialState(), recorder);
    assertTrue(Double.isNaN(recorder.epochs.get(0).validationScore()));
    assertTrue(Double.isFinite(recorder.epochs.get(1).validationScore()));
    assertTrue(Double.isFinite(recorder.epochs.get(2).validationScore()));
  }

  @Test
  void trainingLowersTheMetaLoss() {
    // Longer, with a faster meta-learning rate: the last epochs' meta-loss is below the first's.
    L2lTrainer trainer =
        new L2lTrainer(
            PROBLEM,
            LAYOUT,
            new MetaTrainingConfig(40, 5, 20, 8, 1e-2, 1, 40, 5, 3, 1, StepWeighting.UNIFORM));
    Recorder recorder = new Recorder();
    trainer.train(trainer.initialState(), recorder);
    double first = 0;
    double last = 0;
    for (int e = 0; e < 5; e++) {
      first += recorder.epochs.get(e).meanLoss();
      last += recorder.epochs.get(39 - e).meanLoss();
    }
    assertTrue(last < 0.5 * first, "meta-loss " + first / 5 + " → " + last / 5);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1})
  void sameSeedGivesBitIdenticalPhi(double clip) {
    OuterState[] runs =
        Reproducibility.pair(
            () -> train(new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1))),
            () -> train(new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1))));
    Reproducibility.assertSameState(runs[0], runs[1]);
    OuterState other = train(new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 4, 1)));
    assertFalse(Arrays.equals(runs[0].meta(), other.meta()), "the seed had no effect");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1})
  void twoThreadsTrainToFiniteResults(double clip) {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 2));
    float[] initial = trainer.initialState().meta().clone();
    Recorder recorder = new Recorder();
    OuterState end = trainer.train(trainer.initialState(), recorder);
    assertEquals(4, recorder.epochs.size());
    for (float v : end.meta()) {
      assertTrue(Float.isFinite(v));
    }
    assertTrue(Double.isFinite(end.bestScore()));
    assertFalse(Arrays.equals(initial, end.meta()));
    // Same tasks and φ₀ as one thread, split over two groups whose losses and meta-gradients are
    // summed: the first meta-update sees the same loss and gradient up to summation order.
    Recorder single = new Recorder();
    L2lTrainer oneThread = new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1));
    oneThread.train(oneThread.initialState(), single);
    assertEquals(
        single.unrollLosses.get(0),
        recorder.unrollLosses.get(0),
        1e-6 * single.unrollLosses.get(0));
    assertEquals(
        single.unrollNorms.get(0), recorder.unrollNorms.get(0), 1e-5 * single.unrollNorms.get(0));
    for (int u = 0; u < single.unrollLosses.size(); u++) {
      assertEquals(
          single.unrollLosses.get(u),
          recorder.unrollLosses.get(u),
          1e-3 * single.unrollLosses.get(u),
          "unroll " + u);
    }
    // Deterministic with two threads, too: the partial gradients are summed in a fixed order.
    OuterState[] runs =
        Reproducibility.pair(
            () -> train(new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 2))),
            () -> train(new L2lTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 2))));
    Reproducibility.assertSameState(runs[0], runs[1]);
  }

  /** f(θ) = ‖θ‖² on 3 coordinates, whose loss is NaN from optimizee step {@code nanFrom} on. */
  static Problem nanFrom(int nanFrom) {
    return new Problem() {
      @Override
      public Task sample(long seed) {
        return new Task() {
          @Override
          public int dimension() {
            return 3;
          }

          @Override
          public float[] initialParams() {
            return new float[] {1f, -1f, 0.5f};
          }

          @Override
          public float lossAndGradient(float[] params, int step, float[] grad) {
            float loss = 0;
            for (int i = 0; i < 3; i++) {
              grad[i] = 2 * params[i];
              loss += params[i] * params[i];
            }
            return step >= nanFrom ? Float.NaN : loss;
          }
        };
      }

      @Override
      public String name() {
        return "nan-from-" + nanFrom;
      }
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void nanLossStopsTrainingNamingEpochAndStep(int threads) {
    L2lTrainer trainer = new L2lTrainer(nanFrom(3), LAYOUT, config(4, 0, 3, threads));
    DivergedException e =
        assertThrows(
            DivergedException.class,
            () -> trainer.train(trainer.initialState(), new TrainingListener() {}));
    assertTrue(e.getMessage().contains("epoch 0"), e.getMessage());
    assertTrue(e.getMessage().contains("optimizee step 3"), e.getMessage());
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void nanInALaterUnrollNamesThatStep() {
    L2lTrainer trainer = new L2lTrainer(nanFrom(7), LAYOUT, config(4, 0, 3, 1));
    List<Integer> epochsSeen = new ArrayList<>();
    DivergedException e =
        assertThrows(
            DivergedException.class,
            () ->
                trainer.train(
                    trainer.initialState(),
                    new TrainingListener() {
                      @Override
                      public void onStep(int epoch, int unroll, double meanLoss, double norm) {
                        epochsSeen.add(unroll);
                      }
                    }));
    assertTrue(e.getMessage().contains("epoch 0"), e.getMessage());
    assertTrue(e.getMessage().contains("optimizee step 7"), e.getMessage());
    assertEquals(List.of(0), epochsSeen, "the first unroll (steps 1..5) completed");
  }

  @Test
  void overflowingMetaGradientStopsTrainingNamingTheUnroll() {
    // Finite losses, but gradients of 3e38 whose suffix sums overflow the float meta-gradient.
    Problem huge =
        new Problem() {
          @Override
          public Task sample(long seed) {
            return new Task() {
              @Override
              public int dimension() {
                return 2;
              }

              @Override
              public float[] initialParams() {
                return new float[2];
              }

              @Override
              public float lossAndGradient(float[] params, int step, float[] grad) {
                Arrays.fill(grad, 3e38f);
                return 1f;
              }
            };
          }

          @Override
          public String name() {
            return "huge";
          }
        };
    L2lTrainer trainer = new L2lTrainer(huge, LAYOUT, config(4, 0, 3, 1));
    DivergedException e =
        assertThrows(
            DivergedException.class,
            () -> trainer.train(trainer.initialState(), new TrainingListener() {}));
    assertTrue(
        e.getMessage()
            .contains("epoch 0: meta-loss or meta-gradient is not finite at outer step 0"),
        e.getMessage());
  }

  @Test
  void anAbsurdMetaLearningRateIsDivergenceNotSuccess() {
    // Every loss stays finite (the LSTM saturates), but Adam's first step moves φ by 1e30.
    L2lTrainer trainer =
        new L2lTrainer(
            PROBLEM,
            LAYOUT,
            new MetaTrainingConfig(2, 5, 10, 8, 1e30, 0, 2, 5, 3, 1, StepWeighting.UNIFORM));
    OuterState state = trainer.initialState();
    float[] before = state.meta().clone();
    DivergedException e =
        assertThrows(
            DivergedException.class, () -> trainer.train(state, new TrainingListener() {}));
    assertTrue(e.getMessage().contains("would become"), e.getMessage());
    assertTrue(e.getMessage().contains("outer step 0"), e.getMessage());
    assertArrayEquals(before, state.meta());
  }

  @Test
  void validationThatNeverGivesAFiniteScoreIsDivergence() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(2, 0, 3, 1));
    OuterTrainer nanValidation =
        new OuterTrainer(
            trainer.training.trainer().estimator(),
            new Validator() {
              @Override
              public double score(float[] meta) {
                return Double.NaN;
              }

              @Override
              public boolean higherIsBetter() {
                return false;
              }
            },
            trainer.training.trainer().config(),
            trainer.initialState().meta().length);
    DivergedException e =
        assertThrows(
            DivergedException.class,
            () ->
                nanValidation.train(
                    nanValidation.initialState(trainer.initialState().meta()),
                    new TrainingListener() {}));
    assertTrue(e.getMessage().contains("no validation gave a finite score"), e.getMessage());
  }

  @Test
  void aNanValidationNeverBecomesTheBest() {
    Validator lower =
        new Validator() {
          @Override
          public double score(float[] meta) {
            return 0;
          }

          @Override
          public boolean higherIsBetter() {
            return false;
          }
        };
    assertTrue(lower.better(3, Double.NaN));
    assertTrue(!lower.better(Double.NaN, 3));
    assertTrue(!lower.better(Double.NaN, Double.NaN));
    assertTrue(lower.better(2, 3));
  }

  @Test
  void initialStateDependsOnlyOnTheSeed() {
    L2lTrainer a = new L2lTrainer(PROBLEM, LAYOUT, config(4, 0, 3, 1));
    L2lTrainer b = new L2lTrainer(PROBLEM, LAYOUT, config(9, 1, 3, 2));
    assertArrayEquals(a.initialState().meta(), b.initialState().meta());
    assertArrayEquals(a.initialState().meta(), a.initialState().best());
    assertEquals(0, a.initialState().nextRound());
    assertEquals(OuterState.NEVER, a.initialState().bestRound());
    assertTrue(Double.isNaN(a.initialState().bestScore()));
    assertNotEquals(
        Arrays.hashCode(a.initialState().meta()),
        Arrays.hashCode(new L2lTrainer(PROBLEM, LAYOUT, config(4, 0, 4, 1)).initialState().meta()));
  }

  @Test
  void trainingAFinishedStateDoesNothing() {
    L2lTrainer trainer = new L2lTrainer(PROBLEM, LAYOUT, config(2, 0, 3, 1));
    OuterState state = train(trainer);
    float[] phi = state.meta().clone();
    Recorder recorder = new Recorder();
    trainer.train(state, recorder);
    assertTrue(recorder.epochs.isEmpty());
    assertArrayEquals(phi, state.meta());
  }
}
