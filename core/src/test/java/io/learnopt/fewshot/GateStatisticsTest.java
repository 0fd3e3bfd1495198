package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.data.omniglot.Episode;
import io.learnopt.nn.Activation;
import io.learnopt.nn.Mlp;
import io.learnopt.tensor.Rng;
import java.util.Arrays;
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
    float[] sorted = Arrays.copyOfRange(forget, start, forget.length);
    Arrays.sort(sorted);
    assertEquals(sorted[(sorted.length - 1) / 2], last.median(), 1e-6, "odd count: the middle");
    for (GateStatistics.Row r : rows) {
      assertTrue(
          0 <= r.p10() && r.p10() <= r.median() && r.median() <= r.p90() && r.p90() <= 1,
          "a sigmoid's quantiles are ordered and in [0, 1]: " + r);
    }
  }

  @Test
  void quantilesInterpolateBetweenRanks() {
    float[] sorted = {0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f};
    assertEquals(1.0, GateStatistics.quantile(sorted, 0.1), 1e-12);
    assertEquals(5.0, GateStatistics.quantile(sorted, 0.5), 1e-12);
    assertEquals(9.0, GateStatistics.quantile(sorted, 0.9), 1e-12);
    assertEquals(0.5, GateStatistics.quantile(new float[] {0f, 1f}, 0.5), 1e-12);
    assertEquals(0.97, GateStatistics.quantile(new float[] {0.97f}, 0.9), 1e-6);
  }

  @Test
  void methodsWithoutGatesAreRejected() {
    EpisodicMetaLearner maml =
        EpisodicMetaLearner.create("maml-fo", MLP, new SgdInner(0.1f), 2, new Rng(1));
    assertThrows(IllegalArgumentException.class, () -> GateStatistics.of(maml, List.of()));
  }
}
