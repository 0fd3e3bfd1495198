package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.nn.Activation;
import io.learnopt.nn.Classifier;
import io.learnopt.nn.Mlp;
import io.learnopt.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodicMetaLearnerTest {
  private static final Classifier MLP = new Mlp(784, List.of(8), 5, Activation.TANH);

  @Test
  void firstOrderMamlsInitGradientIsTheQueryGradientAtTheAdaptedParameters() {
    Episode episode = Episodes.noisyPrototypes(5, 1, 2, 0.2f, 5);
    EpisodicMetaLearner maml =
        EpisodicMetaLearner.create("maml-fo", MLP, new SgdInner(0.5f), 3, new Rng(1));
    float[] dmeta = new float[maml.meta().length];
    float loss = maml.metaGradient(episode, dmeta);

    // By hand: three SGD steps on the support set, then the query gradient there.
    float[] theta = maml.meta().clone();
    float[] grad = new float[theta.length];
    for (int t = 0; t < 3; t++) {
      MLP.lossAndGradient(theta, episode.support(), episode.supportLabels(), 5, grad);
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= 0.5f * grad[i];
      }
    }
    float expectedLoss =
        MLP.lossAndGradient(theta, episode.query(), episode.queryLabels(), 10, grad);
    assertEquals(expectedLoss, loss, 1e-6);
    assertArrayEquals(grad, dmeta, 1e-6f);
    assertArrayEquals(theta, maml.adapt(episode), 1e-6f);
  }

  @Test
  void metaGradientsAccumulateAndTheMetaLstmTrainsItsGates() {
    Episode episode = Episodes.noisyPrototypes(5, 1, 2, 0.2f, 6);
    EpisodicMetaLearner lstm =
        EpisodicMetaLearner.create("metalstm", MLP, new MetaLstmInner(), 4, new Rng(2));
    float[] once = new float[lstm.meta().length];
    lstm.metaGradient(episode, once);
    float[] twice = once.clone();
    lstm.metaGradient(episode, twice);
    for (int i = 0; i < once.length; i++) {
      assertEquals(2 * once[i], twice[i], 1e-5f * Math.max(1, Math.abs(once[i])));
    }
    boolean gatesMove = false;
    for (int i = lstm.initSize(); i < once.length; i++) {
      gatesMove |= once[i] != 0;
    }
    assertTrue(gatesMove, "the gate parameters get a meta-gradient");
  }

  @Test
  void wrongMetaLengthNamesBothCounts() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EpisodicMetaLearner("metalstm", MLP, new MetaLstmInner(), 3, new float[7]));
    assertTrue(e.getMessage().contains("7 meta-parameters"), e.getMessage());
    assertTrue(
        e.getMessage().contains(Integer.toString(MLP.parameterCount() + 2 * MetaLstmInner.GATE)));
  }
}
