package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.data.omniglot.EpisodeSampler;
import io.learnopt.data.omniglot.Omniglot;
import io.learnopt.tensor.Rng;
import org.junit.jupiter.api.Test;

class FewShotTrainerTest {
  private static FewShotTrainer.Result train(int threads, EpisodicMetaLearner learner) {
    Omniglot omniglot = Omniglot.shipped();
    EpisodeSampler training = new EpisodeSampler(omniglot.train(), 5, 1, 2, true, 1);
    EpisodeSampler validation = new EpisodeSampler(omniglot.validation(), 5, 1, 2, false, 2);
    FewShotTrainingConfig config = new FewShotTrainingConfig(4, 3, 1e-2, 0.25, 2, 4, 1);
    return FewShotTrainer.train(
        learner, training, validation, config, threads, new FewShotTrainer.Listener() {});
  }

  private static EpisodicMetaLearner fresh() {
    return EpisodicMetaLearner.create(
        "metalstm", LearnerSpec.parse("mlp:hidden=8").build(5), new MetaLstmInner(), 3, new Rng(1));
  }

  @Test
  void theResultDoesNotDependOnTheThreadCount() {
    EpisodicMetaLearner serial = fresh();
    EpisodicMetaLearner parallel = fresh();
    FewShotTrainer.Result a = train(1, serial);
    FewShotTrainer.Result b = train(3, parallel);
    assertArrayEquals(a.bestMeta(), b.bestMeta());
    assertArrayEquals(serial.meta(), parallel.meta());
    assertEquals(a.bestAccuracy(), b.bestAccuracy());
  }

  @Test
  void keepsTheBestValidatedParameters() {
    EpisodicMetaLearner learner = fresh();
    float[] start = learner.meta().clone();
    FewShotTrainer.Result r = train(1, learner);
    assertEquals(3, r.curve().size(), "validations at updates 0, 2 and 4");
    double best = r.curve().stream().mapToDouble(p -> p[2]).max().orElseThrow();
    assertEquals(best, r.bestAccuracy());
    assertArrayEquals(r.bestMeta(), learner.meta());
    if (r.bestUpdate() == 0) {
      assertArrayEquals(start, learner.meta());
    }
  }
}
