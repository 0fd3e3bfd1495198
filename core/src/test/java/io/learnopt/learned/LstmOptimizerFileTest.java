package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import io.learnopt.Version;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LstmOptimizerFileTest {
  @TempDir Path dir;

  private static final LstmOptimizerConfig CONFIG =
      new LstmOptimizerConfig(2, 8, Preprocessing.RAW, 10f, 0.1f);

  private static LstmOptimizer optimizer(LstmOptimizerConfig config, long seed) {
    LstmParameters layout = new LstmParameters(config);
    float[] phi = layout.initialize(new Rng(seed));
    // Perturb the biases too, so a mix-up of tensors would show.
    Rng rng = new Rng(seed + 1);
    for (int i = 0; i < phi.length; i++) {
      phi[i] += (float) (0.1 * rng.nextGaussian());
    }
    return new LstmOptimizer(layout, phi);
  }

  private static float[][] updates(Optimizer opt, int n, int steps) {
    Optimizer.State state = opt.init(n);
    float[][] out = new float[steps][n];
    Rng rng = new Rng(99);
    for (int t = 0; t < steps; t++) {
      float[] grad = new float[n];
      rng.fillGaussian(grad, 0f, 1f);
      opt.update(grad, new float[n], state, out[t]);
    }
    return out;
  }

  static Stream<LstmOptimizerConfig> configs() {
    return Stream.of(
        CONFIG,
        new LstmOptimizerConfig(1, 3, Preprocessing.LOG_SIGN, 7.3f, 0.037f),
        new LstmOptimizerConfig(3, 4, Preprocessing.LOG_SIGN, 10f, 1f),
        LstmOptimizerConfig.rnnprop());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void roundTripKeepsPhiConfigAndUpdates(LstmOptimizerConfig config) {
    LstmOptimizer saved = optimizer(config, 5);
    Path file = dir.resolve("opt.safetensors");
    LstmOptimizerFile.save(file, saved, Map.of("problem", "quadratic", "seed", "5"));
    LstmOptimizer loaded = LstmOptimizerFile.load(file);
    assertEquals(config, loaded.config());
    assertArrayEquals(saved.parameters(), loaded.parameters());
    assertArrayEquals(updates(saved, 21, 3), updates(loaded, 21, 3));
  }

  @Test
  void fileRecordsFormatArchitectureAndProvenance() {
    Path file = dir.resolve("opt.safetensors");
    LstmOptimizerFile.save(file, optimizer(CONFIG, 1), Map.of("problem", "quadratic:dim=3"));
    Map<String, String> metadata = Safetensors.read(file).metadata();
    assertEquals(LstmOptimizerFile.FORMAT, metadata.get("format"));
    assertEquals("2", metadata.get("format_version"));
    assertEquals(64, metadata.get("sha256").length());
    assertEquals(Version.get(), metadata.get("learnopt_version"));
    assertEquals("coordinatewise-lstm", metadata.get("architecture"));
    assertEquals("2", metadata.get("layers"));
    assertEquals("8", metadata.get("hidden"));
    assertEquals("raw", metadata.get("preprocessing"));
    assertEquals("quadratic:dim=3", metadata.get("problem"));
    assertEquals(
        new LstmParameters(CONFIG).tensorNames().length, Safetensors.read(file).tensors().size());
  }

  /** A valid file's metadata and tensors, altered by {@code change}, written to {@code file}. */
  private static void writeAltered(
      Path file, BiConsumer<Map<String, String>, Map<String, FloatTensor>> change) {
    LstmOptimizer opt = optimizer(CONFIG, 3);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", LstmOptimizerFile.FORMAT);
    metadata.put("format_version", "1");
    metadata.putAll(LstmOptimizerFile.architecture(CONFIG));
    Map<String, FloatTensor> tensors =
        new LinkedHashMap<>(LstmOptimizerFile.tensors(opt.layout(), opt.parameters(), ""));
    change.accept(metadata, tensors);
    Safetensors.write(file, tensors, metadata);
  }

  private static FloatTensor tensor(int... shape) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    float[] data = new float[size];
    Arrays.fill(data, 0.5f);
    return FloatTensor.of(data, shape);
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of(
            "format missing",
            (BiConsumer<Map<String, String>, Map<String, FloatTensor>>)
                (m, t) -> m.remove("format"),
            new String[] {
              "not a learnopt LSTM optimizer", "'format' is missing", "learnopt train"
            }),
        Arguments.of(
            "format of a checkpoint",
            change((m, t) -> m.put("format", "learnopt.meta-checkpoint")),
            new String[] {"'format' is 'learnopt.meta-checkpoint'", LstmOptimizerFile.FORMAT}),
        Arguments.of(
            "layers missing",
            change((m, t) -> m.remove("layers")),
            new String[] {"no key \"layers\""}),
        Arguments.of(
            "hidden missing",
            change((m, t) -> m.remove("hidden")),
            new String[] {"no key \"hidden\""}),
        Arguments.of(
            "preprocessing missing",
            change((m, t) -> m.remove("preprocessing")),
            new String[] {"no key \"preprocessing\""}),
        Arguments.of(
            "output_scale missing",
            change((m, t) -> m.remove("output_scale")),
            new String[] {"no key \"output_scale\""}),
        Arguments.of(
            "layers not an integer",
            change((m, t) -> m.put("layers", "two")),
            new String[] {"'layers'", "integer", "'two'"}),
        Arguments.of(
            "hidden a decimal",
            change((m, t) -> m.put("hidden", "8.0")),
            new String[] {"'hidden'", "integer", "'8.0'"}),
        Arguments.of(
            "p not a number",
            change((m, t) -> m.put("p", "ten")),
            new String[] {"'p'", "number", "'ten'"}),
        Arguments.of(
            "zero layers",
            change((m, t) -> m.put("layers", "0")),
            new String[] {"invalid architecture metadata", "layers", "0"}),
        Arguments.of(
            "negative output scale",
            change((m, t) -> m.put("output_scale", "-1.0")),
            new String[] {"invalid architecture metadata", "output scale", "-1.0"}),
        Arguments.of(
            "unknown preprocessing",
            change((m, t) -> m.put("preprocessing", "sign")),
            new String[] {"invalid architecture metadata", "'sign'"}),
        Arguments.of(
            "unknown output",
            change((m, t) -> m.put("output", "softsign")),
            new String[] {"metadata 'output' is 'softsign'", "'linear' or 'tanh'"}),
        Arguments.of(
            "bias with one element too many",
            change((m, t) -> t.put("lstm.0.bias", tensor(33))),
            new String[] {"'lstm.0.bias'", "[33]", "[32]"}),
        Arguments.of(
            "weight transposed",
            change((m, t) -> t.put("lstm.1.weight", tensor(16, 32))),
            new String[] {"'lstm.1.weight'", "[16, 32]", "[32, 16]"}),
        Arguments.of(
            "hidden size disagrees with the tensors",
            change((m, t) -> m.put("hidden", "4")),
            new String[] {"'lstm.0.weight'", "[32, 9]", "[16, 5]"}),
        Arguments.of(
            "tensor missing",
            change((m, t) -> t.remove("output.bias")),
            new String[] {"no tensor named 'output.bias'"}),
        Arguments.of(
            "NaN weight",
            change((m, t) -> t.get("lstm.0.weight").data()[7] = Float.NaN),
            new String[] {"meta-parameter 7 is NaN", "damaged"}),
        Arguments.of(
            "infinite output bias",
            change((m, t) -> t.put("output.bias", FloatTensor.of(new float[] {1f / 0f}, 1))),
            new String[] {
              "meta-parameter " + new LstmParameters(CONFIG).outputBiasOffset() + " is Infinity"
            }));
  }

  private static BiConsumer<Map<String, String>, Map<String, FloatTensor>> change(
      BiConsumer<Map<String, String>, Map<String, FloatTensor>> change) {
    return change;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFileFailsNamingTheFileAndTheProblem(
      String description,
      BiConsumer<Map<String, String>, Map<String, FloatTensor>> change,
      String[] fragments) {
    Path file = dir.resolve("bad.safetensors");
    writeAltered(file, change);
    LearnoptException e = assertThrows(LearnoptException.class, () -> LstmOptimizerFile.load(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "lacks " + fragment + ": " + e.getMessage());
    }
  }

  /** Files written before bounded outputs have no 'output' entry: their output is linear. */
  @Test
  void fileWithoutOutputEntryIsLinear() {
    Path file = dir.resolve("old.safetensors");
    writeAltered(file, (m, t) -> m.remove("output"));
    assertEquals(CONFIG, LstmOptimizerFile.load(file).config());
  }

  @Test
  void missingOrForeignArchitectureIsRejected() {
    for (String value : new String[] {null, "meta-learner-lstm"}) {
      Path file = dir.resolve("arch-" + value + ".safetensors");
      writeAltered(
          file,
          (m, t) -> {
            if (value == null) {
              m.remove("architecture");
            } else {
              m.put("architecture", value);
            }
          });
      LearnoptException e =
          assertThrows(LearnoptException.class, () -> LstmOptimizerFile.load(file));
      assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("architecture"), e.getMessage());
    }
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("absent.safetensors");
    LearnoptException e = assertThrows(LearnoptException.class, () -> LstmOptimizerFile.load(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 40, -1, -4})
  void truncatedFile(int keep) throws IOException {
    Path file = dir.resolve("cut.safetensors");
    LstmOptimizerFile.save(file, optimizer(CONFIG, 2), Map.of());
    byte[] bytes = Files.readAllBytes(file);
    // Positive: keep the first bytes (inside the length prefix or the header); negative: drop the
    // last |keep| bytes of tensor data.
    int length = keep > 0 ? keep : bytes.length + keep;
    Files.write(file, Arrays.copyOf(bytes, length));
    LearnoptException e = assertThrows(LearnoptException.class, () -> LstmOptimizerFile.load(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    String message = e.getMessage();
    assertTrue(
        message.contains("truncated") || message.contains("shorter than the 8-byte"), message);
  }
}
