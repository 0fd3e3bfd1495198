package io.learnopt.lopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmOptimizerFile;
import io.learnopt.optim.GroupedOptimizer;
import io.learnopt.tensor.Rng;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files of one LSTM and of one LSTM per parameter group. */
class L2lModelFileTest {
  @TempDir Path dir;

  private static final L2lLstm LSTM = new L2lLstm(LstmOptimizerConfig.paperNeuralNet());

  private static float[] phi(LearnedOptimizer rule) {
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(new Rng(2), phi);
    return phi;
  }

  @Test
  void aGroupedModelRoundTripsWithItsGroupNames() {
    GroupedRules rule = GroupedRules.of(List.of("conv", "fc"), LSTM);
    float[] phi = phi(rule);
    Path file = dir.resolve("conv.safetensors");
    L2lModelFile.of(rule, phi).save(file, Map.of("problem", "cifar-conv"));

    L2lModelFile back = L2lModelFile.load(file);
    assertEquals(List.of("conv", "fc"), back.groups());
    assertArrayEquals(phi, back.phi());
    assertEquals(rule, back.rule());
    GroupedOptimizer optimizer = (GroupedOptimizer) back.optimizer();
    assertEquals(List.of("conv", "fc"), optimizer.groups());
    SafetensorsFile raw = Safetensors.read(file);
    assertArrayEquals(
        java.util.Arrays.copyOfRange(phi, LSTM.parameterCount(), LSTM.parameterCount() + 1),
        java.util.Arrays.copyOf(raw.get("fc.lstm.0.weight").data(), 1));
    LearnoptException e = assertThrows(LearnoptException.class, () -> LstmOptimizerFile.load(file));
    assertTrue(e.getMessage().contains("one LSTM per parameter group (conv,fc)"), e.getMessage());
  }

  @Test
  void aSingleLstmModelIsTheFileItWasBefore() {
    float[] phi = phi(LSTM);
    Path file = dir.resolve("one.safetensors");
    L2lModelFile.of(LSTM, phi).save(file, Map.of());
    LstmOptimizer plain = LstmOptimizerFile.load(file);
    assertArrayEquals(phi, plain.parameters());
    assertTrue(L2lModelFile.load(file).groups().isEmpty());
    assertTrue(L2lModelFile.load(file).optimizer() instanceof LstmOptimizer);
  }

  @Test
  void damagedGroupMetadataIsRefused() {
    GroupedRules rule = GroupedRules.of(List.of("conv", "fc"), LSTM);
    Path good = dir.resolve("good.safetensors");
    L2lModelFile.of(rule, phi(rule)).save(good, Map.of());
    SafetensorsFile contents = Safetensors.read(good);
    for (String groups : List.of("conv,conv", "conv,", "conv;fc", "conv,fc,pool")) {
      Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
      metadata.put(L2lModelFile.GROUPS, groups);
      metadata.remove("sha256");
      Path bad = dir.resolve("bad.safetensors");
      Map<String, FloatTensor> tensors = contents.tensors();
      Safetensors.writeWithChecksum(bad, tensors, metadata);
      LearnoptException e = assertThrows(LearnoptException.class, () -> L2lModelFile.load(bad));
      assertTrue(e.getMessage().contains("bad.safetensors"), groups + ": " + e.getMessage());
    }
  }
}
