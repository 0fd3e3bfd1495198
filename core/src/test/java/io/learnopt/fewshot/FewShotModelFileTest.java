package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.tensor.Rng;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FewShotModelFileTest {
  @TempDir Path dir;

  private static final LearnerSpec SPEC = LearnerSpec.parse("mlp:hidden=6");

  private static EpisodicMetaLearner metaLstm() {
    return EpisodicMetaLearner.create(
        "metalstm", SPEC.build(5), new MetaLstmInner(), 3, new Rng(4));
  }

  @Test
  void roundTripsTheMethodAndItsMetadata() {
    EpisodicMetaLearner method = metaLstm();
    Path file = dir.resolve("m.safetensors");
    FewShotModelFile.save(file, method, SPEC, 5, 1, 0.4f, Map.of("seed", "4"));
    FewShotModelFile.Model model = FewShotModelFile.load(file);
    assertArrayEquals(method.meta(), model.method().meta());
    assertEquals("metalstm", model.method().name());
    assertEquals(3, model.method().steps());
    assertEquals(SPEC, model.learner());
    assertEquals(5, model.ways());
    assertEquals("4", model.metadata().get("seed"));
  }

  @Test
  void widensTheOutputLayerToTheMeanOfTheTrainedClasses() {
    EpisodicMetaLearner method = metaLstm();
    Path file = dir.resolve("m.safetensors");
    FewShotModelFile.save(file, method, SPEC, 5, 1, 0.4f, Map.of());
    EpisodicMetaLearner wide = FewShotModelFile.load(file, 20).method();
    float[] old = method.meta();
    float[] meta = wide.meta();
    int hiddenWeights = 784 * 6 + 6; // layer0.weight and layer0.bias: copied as they are
    for (int i = 0; i < hiddenWeights; i++) {
      assertEquals(old[i], meta[i]);
    }
    for (int k = 0; k < 6; k++) {
      double mean = 0;
      for (int c = 0; c < 5; c++) {
        mean += old[hiddenWeights + k * 5 + c] / 5.0;
      }
      for (int c = 0; c < 20; c++) {
        assertEquals(mean, meta[hiddenWeights + k * 20 + c], 1e-6);
      }
    }
    assertEquals(wide.learner().parameterCount() + 2 * MetaLstmInner.GATE, meta.length);
    for (int i = 0; i < 2 * MetaLstmInner.GATE; i++) {
      assertEquals(old[method.initSize() + i], meta[wide.initSize() + i], "the rule is kept");
    }
  }

  @Test
  void anotherSafetensorsFileIsRejectedWithItsFormat() {
    Path file = dir.resolve("other.safetensors");
    Safetensors.write(
        file, Map.of("x", FloatTensor.of(new float[] {1f}, 1)), Map.of("format", "x"));
    LearnoptException e = assertThrows(LearnoptException.class, () -> FewShotModelFile.load(file));
    assertTrue(e.getMessage().contains("not a learnopt few-shot model"), e.getMessage());
  }
}
