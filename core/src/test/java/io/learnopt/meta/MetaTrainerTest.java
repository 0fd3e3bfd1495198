package io.learnopt.meta;

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
    return new MetaTrainingConfig(epochs, 5, 10, 8, 1e-3, clip, 2, 5, seed, threads);
  }

  static MetaTrainingState train(MetaTrainer trainer) {
    return trainer.train(trainer.initialState(), new TrainingListener() {});
  }

  /** Records what the listener hears. */
  static final class Recorder implements TrainingListener {
    final List<int[]> unrolls = new ArrayList<>();
    final List<Double> unrollLosses = new ArrayList<>();
    final List<Double> unrollNorms = new ArrayList<>();
    final List<EpochReport> epochs = new ArrayList<>();
    final List<float[]> phiAfterEpoch = new ArrayList<>();

    @Override
    public void onUnroll(int epoch, int unroll, double meanLoss, double gradientNorm) {
      unrolls.add(new int[] {epoch, unroll});
      unrollLosses.add(meanLoss);
      unrollNorms.add(gradientNorm);
    }

    @Override
    public void onEpoch(EpochReport report, MetaTrainingState state) {
      epochs.add(report);
      phiAfterEpoch.add(state.phi().clone());
      assertEquals(report.epoch() + 1, state.nextEpoch(), "state not advanced before onEpoch");
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1})
  void listenerHearsEpochsInOrderWithValidationEveryEvalEvery(double clip) {
    MetaTrainer trainer = new MetaTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1));
    MetaTrainingState start = trainer.initialState();
    float[] initial = start.phi().clone();
    Recorder recorder = new Recorder();
    MetaTrainingState end = trainer.train(start, recorder);

    assertEquals(4, end.nextEpoch());
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

    assertEquals(List.of(0, 1, 2, 3), recorder.epochs.stream().map(r -> r.epoch()).toList());
    double best = Double.POSITIVE_INFINITY;
    int bestEpoch = -1;
    for (TrainingListener.EpochReport r : recorder.epochs) {
      assertTrue(Double.isFinite(r.meanLoss()) && r.meanLoss() > 0, r.toString());
      assertTrue(Double.isFinite(r.meanGradientNorm()), r.toString());
      // The epoch's mean is the mean of its two unrolls.
      double expected =
          (recorder.unrollLosses.get(2 * r.epoch()) + recorder.unrollLosses.get(2 * r.epoch() + 1))
              / 2;
      assertEquals(expected, r.meanLoss(), 1e-12 * expected);
      boolean validated = (r.epoch() + 1) % 2 == 0;
      assertEquals(validated, Double.isFinite(r.validationScore()), r.toString());
      if (!validated) {
        assertTrue(Double.isNaN(r.validationScore()));
        assertFalse(r.improved());
      } else {
        assertEquals(r.validationScore() < best, r.improved(), r.toString());
        if (r.improved()) {
          best = r.validationScore();
          bestEpoch = r.epoch();
        }
      }
    }
    assertTrue(recorder.epochs.get(1).improved(), "the first validation is always a new best");
    assertEquals(best, end.bestScore());
    assertEquals(bestEpoch, end.bestEpoch());
    assertArrayEquals(recorder.phiAfterEpoch.get(bestEpoch), end.bestPhi());
    assertArrayEquals(recorder.phiAfterEpoch.get(3), end.phi());
    assertEquals(best, trainer.validate(end.bestPhi(), new Evaluator(1)));
    assertFalse(Arrays.equals(initial, end.phi()), "training did not change φ");
  }

  @Test
  void lastEpochIsAlwaysValidated() {
    MetaTrainer trainer =
        new MetaTrainer(PROBLEM, LAYOUT, new MetaTrainingConfig(3, 5, 10, 8, 1e-3, 0, 2, 5, 3, 1));
    Recorder recorder = new Recorder();
    trainer.train(trainer.initialState(), recorder);
    assertTrue(Double.isNaN(recorder.epochs.get(0).validationScore()));
    assertTrue(Double.isFinite(recorder.epochs.get(1).validationScore()));
    assertTrue(Double.isFinite(recorder.epochs.get(2).validationScore()));
  }

  @Test
  void trainingLowersTheMetaLoss() {
    // Longer, with a faster meta-learning rate: the last epochs' meta-loss is below the first's.
    MetaTrainer trainer =
        new MetaTrainer(
            PROBLEM, LAYOUT, new MetaTrainingConfig(40, 5, 20, 8, 1e-2, 1, 40, 5, 3, 1));
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
    MetaTrainingState[] runs =
        Reproducibility.pair(
            () -> train(new MetaTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1))),
            () -> train(new MetaTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1))));
    Reproducibility.assertSameState(runs[0], runs[1]);
    MetaTrainingState other = train(new MetaTrainer(PROBLEM, LAYOUT, config(4, clip, 4, 1)));
    assertFalse(Arrays.equals(runs[0].phi(), other.phi()), "the seed had no effect");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1})
  void twoThreadsTrainToFiniteResults(double clip) {
    MetaTrainer trainer = new MetaTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 2));
    float[] initial = trainer.initialState().phi().clone();
    Recorder recorder = new Recorder();
    MetaTrainingState end = trainer.train(trainer.initialState(), recorder);
    assertEquals(4, recorder.epochs.size());
    for (float v : end.phi()) {
      assertTrue(Float.isFinite(v));
    }
    assertTrue(Double.isFinite(end.bestScore()));
    assertFalse(Arrays.equals(initial, end.phi()));
    // Same tasks and φ₀ as one thread, split over two groups whose losses and meta-gradients are
    // summed: the first meta-update sees the same loss and gradient up to summation order.
    Recorder single = new Recorder();
    MetaTrainer oneThread = new MetaTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 1));
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
    MetaTrainingState[] runs =
        Reproducibility.pair(
            () -> train(new MetaTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 2))),
            () -> train(new MetaTrainer(PROBLEM, LAYOUT, config(4, clip, 3, 2))));
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
    MetaTrainer trainer = new MetaTrainer(nanFrom(3), LAYOUT, config(4, 0, 3, threads));
    NonFiniteLossException e =
        assertThrows(
            NonFiniteLossException.class,
            () -> trainer.train(trainer.initialState(), new TrainingListener() {}));
    assertTrue(e.getMessage().contains("epoch 0"), e.getMessage());
    assertTrue(e.getMessage().contains("optimizee step 3"), e.getMessage());
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void nanInALaterUnrollNamesThatStep() {
    MetaTrainer trainer = new MetaTrainer(nanFrom(7), LAYOUT, config(4, 0, 3, 1));
    List<Integer> epochsSeen = new ArrayList<>();
    NonFiniteLossException e =
        assertThrows(
            NonFiniteLossException.class,
            () ->
                trainer.train(
                    trainer.initialState(),
                    new TrainingListener() {
                      @Override
                      public void onUnroll(int epoch, int unroll, double meanLoss, double norm) {
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
    MetaTrainer trainer = new MetaTrainer(huge, LAYOUT, config(4, 0, 3, 1));
    NonFiniteLossException e =
        assertThrows(
            NonFiniteLossException.class,
            () -> trainer.train(trainer.initialState(), new TrainingListener() {}));
    assertTrue(
        e.getMessage().contains("epoch 0: meta-loss or meta-gradient is not finite at unroll 0"),
        e.getMessage());
    assertTrue(e.getMessage().contains("optimizee steps 1..5"), e.getMessage());
  }

  @Test
  void initialStateDependsOnlyOnTheSeed() {
    MetaTrainer a = new MetaTrainer(PROBLEM, LAYOUT, config(4, 0, 3, 1));
    MetaTrainer b = new MetaTrainer(PROBLEM, LAYOUT, config(9, 1, 3, 2));
    assertArrayEquals(a.initialState().phi(), b.initialState().phi());
    assertArrayEquals(a.initialState().phi(), a.initialState().bestPhi());
    assertEquals(0, a.initialState().nextEpoch());
    assertEquals(-1, a.initialState().bestEpoch());
    assertEquals(Double.POSITIVE_INFINITY, a.initialState().bestScore());
    assertNotEquals(
        Arrays.hashCode(a.initialState().phi()),
        Arrays.hashCode(new MetaTrainer(PROBLEM, LAYOUT, config(4, 0, 4, 1)).initialState().phi()));
  }

  @Test
  void trainingAFinishedStateDoesNothing() {
    MetaTrainer trainer = new MetaTrainer(PROBLEM, LAYOUT, config(2, 0, 3, 1));
    MetaTrainingState state = train(trainer);
    float[] phi = state.phi().clone();
    Recorder recorder = new Recorder();
    trainer.train(state, recorder);
    assertTrue(recorder.epochs.isEmpty());
    assertArrayEquals(phi, state.phi());
  }
}
