package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.nn.Activation;
import io.learnopt.nn.Classifier;
import io.learnopt.nn.Mlp;
import io.learnopt.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {
  private static final Classifier MLP = new Mlp(784, List.of(16), 5, Activation.TANH);

  @Test
  void nearestNeighbourIsPerfectOnSmallNoiseAndCountsItsMisses() {
    Episode easy = Episodes.noisyPrototypes(5, 1, 3, 0.01f, 1);
    assertEquals(1.0, new NearestNeighbour().accuracy(easy));
    // Swap two query labels by hand: exactly 2 of 15 are now wrong.
    int[] labels = easy.queryLabels().clone();
    labels[0] = 1;
    labels[3] = 0;
    Episode swapped =
        new Episode(5, 1, 3, easy.support(), easy.supportLabels(), easy.query(), labels);
    assertEquals(13.0 / 15, new NearestNeighbour().accuracy(swapped), 1e-12);
  }

  @Test
  void fineTuneAtZeroStepsScoresTheInitializationAndLearnsWithSteps() {
    Episode episode = Episodes.noisyPrototypes(5, 2, 4, 0.1f, 2);
    FineTune adam = FineTune.of("adam", MLP, 1e-2, 50, 9);
    double[] acc = adam.accuracies(episode, new int[] {0, 50});
    float[] init = new float[MLP.parameterCount()];
    MLP.initialize(new Rng(9), init);
    assertEquals(MLP.accuracy(init, episode.query(), episode.queryLabels(), 20), acc[0], 1e-6);
    assertEquals(1.0, acc[1], "50 Adam steps separate five well-spread prototypes");
    assertEquals(acc[1], adam.accuracy(episode), 1e-12);
  }

  @Test
  void tuningPicksARateAndStepCountFromTheGrid() {
    List<Episode> validation =
        List.of(
            Episodes.noisyPrototypes(5, 1, 2, 0.1f, 3), Episodes.noisyPrototypes(5, 1, 2, 0.1f, 4));
    FineTune tuned = FineTuneTuning.tune("sgd", MLP, validation, 1);
    assertEquals("finetune-sgd", tuned.name());
    assertTrue(
        java.util.Arrays.stream(FineTuneTuning.STEP_COUNTS).anyMatch(s -> s == tuned.steps()));
    double best = 0;
    for (Episode e : validation) {
      best += tuned.accuracy(e) / validation.size();
    }
    assertTrue(best > 0.5, "the tuned baseline learns these easy episodes: " + best);
  }
}
