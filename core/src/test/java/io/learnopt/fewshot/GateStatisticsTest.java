package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.nn.Activation;
import io.learnopt.nn.Mlp;
import io.learnopt.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateStatisticsTest {
  private static final Mlp MLP = new Mlp(784, List.of(4), 5, Activation.TANH);

  @Test
  void summarisesEachLayerStepAndGateFromTheRecordedGates() {
    EpisodicMetaLearner method =
        EpisodicMetaLearner.create("metalstm", MLP, new MetaLstmInner(), 3, new Rng(1));
    List<Episode> episodes =
        List.of(
            Episodes.noisyPrototypes(5, 1, 1, 0.1f, 1), Episodes.noisyPrototypes(5, 1, 1, 0.1f, 2));
    List<GateStatistics.Row> rows = GateStatistics.of(method, episodes);
    assertEquals(2 * 3 * 2 * 2, rows.size(), "episodes × steps × layers × gates");
    // The last episode's rows against its trace, recomputed here: layer1 spans the output layer.
    int start = 784 * 4 + 4;
    float[] forget = ((MetaLstmInner.GateTrace) method.run()).forgetGates()[2];
    double mean = 0;
    for (int i = start; i < forget.length; i++) {
      mean += forget[i] / (forget.length - start);
    }
    GateStatistics.Row last =
        rows.stream()
            .filter(r -> r.episode() == 1 && r.step() == 3 && r.layer().equals("layer1"))
            .filter(r -> r.gate().equals("forget"))
            .findFirst()
            .orElseThrow();
    assertEquals(mean, last.mean(), 1e-6);
    assertTrue(last.mean() > 0.95, "b_F ≈ 4–6 starts the forget gate near 1: " + last.mean());
  }

  @Test
  void methodsWithoutGatesAreRejected() {
    EpisodicMetaLearner maml =
        EpisodicMetaLearner.create("maml-fo", MLP, new SgdInner(0.1f), 2, new Rng(1));
    assertThrows(IllegalArgumentException.class, () -> GateStatistics.of(maml, List.of()));
  }
}
