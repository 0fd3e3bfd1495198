package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.eval.Evaluator;
import io.learnopt.lopt.LearnedModel;
import io.learnopt.lopt.LearnedModels;
import io.learnopt.problem.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every model in {@code models/} loads (its checksum verified) and is described in
 * models/README.md; those meta-trained on the paper's MNIST network optimize it: 20 steps stay
 * finite and lower the loss (the conv and art models need their own, larger problems).
 */
class ShippedModelsTest {
  private static final Path MODELS = Path.of("..", "models");

  @Test
  void everyShippedModelLoadsIsDocumentedAndOptimizes() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(MODELS)) {
      files = list.filter(f -> f.toString().endsWith(".safetensors")).sorted().toList();
    }
    assertTrue(files.size() >= 6, "models/: " + files);
    String readme = Files.readString(MODELS.resolve("README.md"));
    for (Path file : files) {
      String name = file.getFileName().toString();
      assertTrue(readme.contains("`" + name + "`"), name + " is described in models/README.md");
      LearnedModel model = LearnedModels.load(file);
      if (!name.contains("mnist")) {
        continue;
      }
      double[] losses =
          Evaluator.runTask(model.optimizer(), Problems.parse("mnist-mlp").sample(3), 20, false)
              .losses();
      for (double loss : losses) {
        assertTrue(Double.isFinite(loss), name + ": " + java.util.Arrays.toString(losses));
      }
      assertTrue(losses[20] < losses[0], name + " lowers the loss");
    }
    assertEquals(true, files.stream().anyMatch(f -> f.endsWith("rnnprop-mnist.safetensors")));
  }
}
