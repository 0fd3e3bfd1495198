package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.tensor.Rng;
import java.util.Arrays;
import java.util.HashSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LstmParametersTest {

  static Stream<LstmOptimizerConfig> configs() {
    return Stream.of(
        new LstmOptimizerConfig(1, 1, Preprocessing.RAW, 10f, 1f),
        new LstmOptimizerConfig(2, 8, Preprocessing.RAW, 10f, 0.1f),
        new LstmOptimizerConfig(3, 5, Preprocessing.LOG_SIGN, 10f, 1f),
        LstmOptimizerConfig.paperQuadratic(),
        LstmOptimizerConfig.paperNeuralNet());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void tensorsTilePhiExactly(LstmOptimizerConfig config) {
    LstmParameters layout = new LstmParameters(config);
    String[] names = layout.tensorNames();
    int[][] shapes = layout.tensorShapes();
    int[] offsets = layout.tensorOffsets();
    assertEquals(names.length, shapes.length);
    assertEquals(names.length, offsets.length);
    assertEquals(names.length, new HashSet<>(Arrays.asList(names)).size(), "duplicate names");
    // Tensors are listed in φ order: each starts where the previous one ended.
    int covered = 0;
    for (int i = 0; i < names.length; i++) {
      assertEquals(covered, offsets[i], names[i] + " leaves a gap or overlaps");
      int size = 1;
      for (int d : shapes[i]) {
        assertTrue(d > 0, names[i] + " has an empty dimension");
        size *= d;
      }
      covered += size;
    }
    assertEquals(layout.size(), covered);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void namedOffsetsAgreeWithAccessors(LstmOptimizerConfig config) {
    int h = config.hidden();
    LstmParameters layout = new LstmParameters(config);
    String[] names = layout.tensorNames();
    int[][] shapes = layout.tensorShapes();
    int[] offsets = layout.tensorOffsets();
    for (int l = 0; l < config.layers(); l++) {
      assertEquals("lstm." + l + ".weight", names[2 * l]);
      assertEquals("lstm." + l + ".bias", names[2 * l + 1]);
      assertArrayEquals(new int[] {4 * h, config.inputSize(l) + h}, shapes[2 * l]);
      assertArrayEquals(new int[] {4 * h}, shapes[2 * l + 1]);
      assertEquals(layout.weightOffset(l), offsets[2 * l]);
      assertEquals(layout.biasOffset(l), offsets[2 * l + 1]);
      assertEquals(config.inputSize(l) + h, layout.columns(l));
    }
    int last = names.length - 2;
    assertEquals("output.weight", names[last]);
    assertEquals("output.bias", names[last + 1]);
    assertArrayEquals(new int[] {1, h}, shapes[last]);
    assertArrayEquals(new int[] {1}, shapes[last + 1]);
    assertEquals(layout.outputWeightOffset(), offsets[last]);
    assertEquals(layout.outputBiasOffset(), offsets[last + 1]);
    assertEquals(layout.size() - 1, layout.outputBiasOffset());
  }

  @Test
  void paperSizeClosedForm() {
    // Layer 0: 80·(2 + 20) + 80; layer 1: 80·(20 + 20) + 80; output: 20 + 1.
    assertEquals(1840 + 3280 + 21, new LstmParameters(LstmOptimizerConfig.paperNeuralNet()).size());
    assertEquals(1760 + 3280 + 21, new LstmParameters(LstmOptimizerConfig.paperQuadratic()).size());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void initializeFollowsTheDocumentedScheme(LstmOptimizerConfig config) {
    LstmParameters layout = new LstmParameters(config);
    float[] phi = layout.initialize(new Rng(17));
    assertArrayEquals(phi, layout.initialize(new Rng(17)));
    assertFalse(Arrays.equals(phi, layout.initialize(new Rng(18))));
    int h = config.hidden();
    double bound = 1 / Math.sqrt(h);
    for (int l = 0; l < config.layers(); l++) {
      int weights = 4 * h * layout.columns(l);
      for (int i = 0; i < weights; i++) {
        assertTrue(Math.abs(phi[layout.weightOffset(l) + i]) <= bound, "W_" + l + "[" + i + "]");
      }
      for (int j = 0; j < 4 * h; j++) {
        // Gate order i, f, g, o: only the forget gate starts at 1.
        float expected = j >= h && j < 2 * h ? 1f : 0f;
        assertEquals(expected, phi[layout.biasOffset(l) + j], "b_" + l + "[" + j + "]");
      }
    }
    for (int j = 0; j < h; j++) {
      assertTrue(Math.abs(phi[layout.outputWeightOffset() + j]) <= bound);
    }
    assertEquals(0f, phi[layout.outputBiasOffset()]);
  }
}
