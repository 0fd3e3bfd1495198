package io.learnopt.lopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlp-lopt model files: round trip, one loader for every kind, damaged files refused by name. */
class MlpLoptFileTest {
  @TempDir Path dir;

  private static final MlpLopt RULE = new MlpLopt(MlpLoptConfig.standard());

  private static float[] phi() {
    float[] phi = new float[RULE.parameterCount()];
    RULE.initialize(new Rng(3), phi);
    return phi;
  }

  private Path saved() {
    Path file = dir.resolve("m.safetensors");
    LearnedModels.of(RULE, phi()).save(file, Map.of("problem", "quadratic"));
    return file;
  }

  @Test
  void aModelRoundTripsAndStepsAsTheRuleItWasSavedFrom() {
    Path file = saved();
    LearnedModel back = LearnedModels.load(file);
    MlpLoptFile mlp = assertInstanceOf(MlpLoptFile.class, back);
    assertEquals(MlpLoptConfig.standard(), mlp.config());
    assertArrayEquals(phi(), back.phi());
    assertEquals("quadratic", Safetensors.read(file).metadata().get("problem"));
    // The first layer reads 11 coordinate features and 9 time features.
    SafetensorsFile raw = Safetensors.read(file);
    assertArrayEquals(new int[] {20, 8}, raw.get("layer.0.weight").shape());
    assertArrayEquals(new int[] {8, 2}, raw.get("layer.2.weight").shape());
    float[] grad = {0.3f, -1f, 2f};
    float[] a = step(RULE.bind(phi()), grad);
    float[] b = step(back.optimizer(), grad);
    assertArrayEquals(a, b, 0f);
  }

  private static float[] step(Optimizer optimizer, float[] grad) {
    Optimizer.State state = optimizer.init(grad.length);
    float[] update = new float[grad.length];
    optimizer.update(grad, new float[grad.length], state, update);
    return update;
  }

  @Test
  void aConfigurationWithoutMomentaOrTimeFeaturesRoundTrips() {
    MlpLoptConfig bare = new MlpLoptConfig(new int[] {3}, new float[0], 0.9f, new float[0], 1f, 1f);
    MlpLopt rule = new MlpLopt(bare);
    float[] phi = new float[rule.parameterCount()];
    rule.initialize(new Rng(1), phi);
    Path file = dir.resolve("bare.safetensors");
    LearnedModels.of(rule, phi).save(file, Map.of());
    assertEquals(bare, ((MlpLoptFile) LearnedModels.load(file)).config());
  }

  @Test
  void theLoaderReadsL2lFilesToo() {
    L2lLstm lstm = new L2lLstm(LstmOptimizerConfig.paperNeuralNet());
    float[] phi = new float[lstm.parameterCount()];
    lstm.initialize(new Rng(1), phi);
    Path file = dir.resolve("l2l.safetensors");
    LearnedModels.of(lstm, phi).save(file, Map.of());
    assertInstanceOf(L2lModelFile.class, LearnedModels.load(file));
  }

  /** Rewrites the saved file with one change to its metadata or tensors (checksum renewed). */
  private Path damaged(String key, String value, String tensor, FloatTensor replacement) {
    SafetensorsFile raw = Safetensors.read(saved());
    Map<String, String> metadata = new LinkedHashMap<>(raw.metadata());
    metadata.remove(Safetensors.CHECKSUM_KEY);
    if (key != null) {
      metadata.put(key, value);
    }
    Map<String, FloatTensor> tensors = new LinkedHashMap<>(raw.tensors());
    if (tensor != null) {
      if (replacement == null) {
        tensors.remove(tensor);
      } else {
        tensors.put(tensor, replacement);
      }
    }
    Path file = dir.resolve("damaged.safetensors");
    Safetensors.writeWithChecksum(file, tensors, metadata);
    return file;
  }

  private static String refusal(Path file) {
    return assertThrows(LearnoptException.class, () -> LearnedModels.load(file)).getMessage();
  }

  @Test
  void damagedFilesAreRefusedWithWhatIsWrong() throws Exception {
    assertTrue(
        refusal(damaged("hidden", "32,x", null, null)).contains("invalid mlp-lopt metadata"));
    assertTrue(refusal(damaged("rms_decay", "1.5", null, null)).contains("decays"));
    assertTrue(refusal(damaged(null, null, "layer.1.bias", null)).contains("layer.1.bias"));
    assertTrue(
        refusal(damaged(null, null, "layer.1.bias", FloatTensor.of(new float[3], 3)))
            .contains("shape"));
    float[] nan = new float[8];
    nan[5] = Float.NaN;
    assertTrue(
        refusal(damaged(null, null, "layer.0.bias", FloatTensor.of(nan, 8))).contains("is NaN"));
    assertTrue(
        refusal(damaged(null, null, "extra", FloatTensor.of(new float[1], 1)))
            .contains("7 tensors"));
    assertTrue(refusal(damaged("format", "something.else", null, null)).contains("not a learnopt"));
    Path flipped = saved();
    byte[] bytes = Files.readAllBytes(flipped);
    bytes[bytes.length - 3] ^= 1;
    Files.write(flipped, bytes);
    assertThrows(LearnoptException.class, () -> LearnedModels.load(flipped));
  }
}
