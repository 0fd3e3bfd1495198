package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.data.omniglot.EpisodeSampler;
import io.learnopt.data.omniglot.Omniglot;
import io.learnopt.outer.OuterState;
import io.learnopt.outer.TrainingListener;
import io.learnopt.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Few-shot meta-training on the one outer trainer: thread independence and keep-best. */
class EpisodicMetaTrainingTest {
  private static final FewShotTrainingConfig CONFIG =
      new FewShotTrainingConfig(4, 3, 1e-2, 0.25, 2, 4, 1);

  private static EpisodicMetaTraining training(int threads, EpisodicMetaLearner learner) {
    Omniglot omniglot = Omniglot.shipped();
    EpisodeSampler training = new EpisodeSampler(omniglot.train(), 5, 1, 2, true, 1);
    EpisodeSampler validation = new EpisodeSampler(omniglot.validation(), 5, 1, 2, false, 2);
    return EpisodicMetaTraining.of(learner, training, validation, CONFIG, threads);
  }

  static EpisodicMetaLearner fresh() {
    return EpisodicMetaLearner.create(
        "metalstm", LearnerSpec.parse("mlp:hidden=8").build(5), new MetaLstmInner(), 3, new Rng(1));
  }

  private static OuterState train(int threads, List<TrainingListener.RoundReport> reports) {
    try (EpisodicMetaTraining t = training(threads, fresh())) {
      return t.trainer()
          .train(
              t.initialState(),
              new TrainingListener() {
                @Override
                public void onRound(RoundReport report, OuterState state) {
                  reports.add(report);
                }
              });
    }
  }

  @Test
  void theResultDoesNotDependOnTheThreadCount() {
    OuterState a = train(1, new ArrayList<>());
    OuterState b = train(3, new ArrayList<>());
    assertArrayEquals(a.best(), b.best());
    assertArrayEquals(a.meta(), b.meta());
    assertEquals(a.bestScore(), b.bestScore());
  }

  @Test
  void keepsTheBestValidatedParameters() {
    float[] start = fresh().meta().clone();
    List<TrainingListener.RoundReport> reports = new ArrayList<>();
    OuterState state = train(1, reports);
    List<Double> scores =
        reports.stream()
            .map(TrainingListener.RoundReport::validationScore)
            .filter(s -> !Double.isNaN(s))
            .toList();
    assertEquals(3, scores.size(), "validations before training and after updates 2 and 4");
    double best = scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertEquals(best, state.bestScore());
    assertTrue(state.nextRound() == 4);
    if (state.bestRound() == -1) {
      assertArrayEquals(start, state.best());
    }
  }
}
