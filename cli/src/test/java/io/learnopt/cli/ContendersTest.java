package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.eval.Contender;
import io.learnopt.learned.LstmOptimizer;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmOptimizerFile;
import io.learnopt.learned.LstmParameters;
import io.learnopt.tensor.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContendersTest {

  @Test
  void optionsOfASpecStayWithIt() {
    assertEquals(
        List.of("runs/a.safetensors", "adam:lr=0.1,beta1=0.95", "sgd", "momentum:lr=0.03"),
        Contenders.split("runs/a.safetensors, adam:lr=0.1,beta1=0.95,sgd,momentum:lr=0.03,"));
  }

  @Test
  void bareNamesAreTunedAndSpecsAreFixed() {
    List<Contender> parsed = Contenders.parse("sgd,adam:lr=0.1,beta1=0.95");
    assertInstanceOf(Contender.Tuned.class, parsed.get(0));
    Contender.Fixed adam = assertInstanceOf(Contender.Fixed.class, parsed.get(1));
    assertEquals(0.1, adam.learningRate(), 0.0);
    assertEquals("adam:lr=0.1,beta1=0.95", adam.name());
  }

  @Test
  void duplicatesAndEmptyListsAreUsageErrors() {
    UsageException twice =
        assertThrows(UsageException.class, () -> Contenders.parse("sgd,adam,sgd"));
    assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
    assertThrows(UsageException.class, () -> Contenders.parse(" , "));
  }

  @Test
  void oneFileIsLstmAndSeveralAreNamedAfterTheirFiles() {
    assertEquals(List.of("lstm"), names(List.of("runs/quad.safetensors"), List.of("adam")));
    assertEquals(
        List.of("quad", "mnist"),
        names(List.of("runs/quad.safetensors", "models/mnist.safetensors"), List.of()));
    // Two files with the same name in different directories keep enough of their paths.
    assertEquals(
        List.of("a/quad", "b/quad", "other"),
        names(
            List.of("runs/a/quad.safetensors", "runs/b/quad.safetensors", "runs/other.safetensors"),
            List.of()));
    // A file named like a baseline takes its directory, or, with none, its whole name.
    assertEquals(
        List.of("runs/adam", "quad"),
        names(List.of("runs/adam.safetensors", "quad.safetensors"), List.of("adam")));
    assertEquals(
        List.of("adam.safetensors", "quad"),
        names(List.of("adam.safetensors", "runs/quad.safetensors"), List.of("adam")));
  }

  @Test
  void theSameFileTwiceIsAUsageError() {
    UsageException twice =
        assertThrows(
            UsageException.class,
            () -> names(List.of("runs/quad.safetensors", "runs/./quad.safetensors"), List.of()));
    assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
  }

  @Test
  void twoModelsWithOneBaseNameAreEvaluatedUnderDistinctNames(@TempDir Path dir) throws Exception {
    LstmOptimizerConfig config = LstmOptimizerConfig.paperQuadratic();
    LstmParameters layout = new LstmParameters(config);
    for (String sub : List.of("a", "b")) {
      Files.createDirectories(dir.resolve(sub));
      LstmOptimizerFile.save(
          dir.resolve(sub).resolve("quad.safetensors"),
          new LstmOptimizer(layout, layout.initialize(new Rng(1))),
          Map.of());
    }
    List<Contender> parsed =
        Contenders.parse(
            dir.resolve("a/quad.safetensors") + "," + dir.resolve("b/quad.safetensors") + ",sgd");
    assertEquals(List.of("a/quad", "b/quad", "sgd"), parsed.stream().map(Contender::name).toList());
  }

  @Test
  void readmeSaysHowLearnedOptimizersAreNamed() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
    assertTrue(
        readme.contains(
            "A single trained optimizer file is named `lstm`; several are named after their files"),
        "README.md's results.json row");
  }

  private static List<String> names(List<String> files, List<String> baselines) {
    return Contenders.learnedNames(files.stream().map(Path::of).toList(), baselines);
  }
}
