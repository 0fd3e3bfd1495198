package io.learnopt.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Rng;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "own loop" program, compiled as printed and run in a child JVM: without {@code
 * --add-modules jdk.incubator.vector} it runs on the scalar kernels after exactly one warning and
 * loads no class that refers to the Vector API; with the flag it runs the vector kernels, silently,
 * to the same final loss up to float32 rounding.
 */
class OwnLoopReadmeTest {
  private static final String SECTION = "## Using a trained optimizer in your own loop";

  @TempDir static Path dir;

  @BeforeAll
  static void compileTheReadmeProgramAndSaveAModel() throws Exception {
    String program = readmeJava();
    Files.writeString(dir.resolve("OwnLoop.java"), program);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code =
        javac.run(
            null,
            null,
            null,
            "-d",
            dir.resolve("classes").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            dir.resolve("OwnLoop.java").toString());
    assertEquals(0, code, "README's program does not compile:\n" + program);
    LstmParameters layout = new LstmParameters(LstmOptimizerConfig.paperQuadratic());
    Path model = dir.resolve("runs/demo/quad.safetensors");
    Files.createDirectories(model.getParent());
    LstmOptimizerFile.save(
        model, new LstmOptimizer(layout, layout.initialize(new Rng(3))), Map.of());
  }

  @Test
  void readmeShowsTheImportsAndTheModuleFlag() throws Exception {
    String program = readmeJava();
    for (String type : List.of("LstmOptimizer", "LstmOptimizerFile", "Optimizer", "Path")) {
      assertTrue(program.contains("." + type + ";"), "README's program imports " + type);
    }
    String section = section();
    assertTrue(
        section.contains("java --add-modules jdk.incubator.vector -cp"),
        "README shows the java command with the flag");
  }

  @Test
  void withoutTheVectorModuleItWarnsOnceAndRunsScalar() throws Exception {
    Run scalar = run(false);
    assertEquals(0, scalar.code, scalar.err);
    assertEquals(1, count(scalar.err, Kernels.MISSING_VECTOR_API), scalar.err);
    String loaded = Files.readString(dir.resolve("classes-false.log"));
    for (String vectorClass :
        List.of(
            "jdk.incubator.vector.",
            "io.learnopt.tensor.VectorKernels ",
            "io.learnopt.tensor.VectorGemm ",
            "io.learnopt.tensor.VectorMath ",
            "io.learnopt.learned.VectorLstmKernels ")) {
      assertFalse(loaded.contains(vectorClass), vectorClass + " was loaded");
    }
    assertTrue(loaded.contains("io.learnopt.learned.ScalarLstmKernels "), "scalar kernels ran");

    Run vector = run(true);
    assertEquals(0, vector.code, vector.err);
    assertFalse(vector.err.contains(Kernels.MISSING_VECTOR_API), vector.err);
    assertTrue(
        Files.readString(dir.resolve("classes-true.log"))
            .contains("io.learnopt.learned.VectorLstmKernels "),
        "vector kernels ran");
    double a = finalLoss(scalar.out);
    double b = finalLoss(vector.out);
    assertTrue(Double.isFinite(a), scalar.out);
    assertEquals(a, b, 1e-4 * Math.max(1, Math.abs(a)), "scalar and vector final loss");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(boolean vectorModule) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    if (vectorModule) {
      command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
    }
    command.addAll(
        List.of(
            "-Xlog:class+load=info:file=" + dir.resolve("classes-" + vectorModule + ".log"),
            "-cp",
            dir.resolve("classes") + File.pathSeparator + System.getProperty("java.class.path"),
            "OwnLoop"));
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(dir.resolve("err-" + vectorModule).toFile())
            .redirectOutput(dir.resolve("out-" + vectorModule).toFile())
            .start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
    return new Run(
        process.exitValue(),
        Files.readString(dir.resolve("out-" + vectorModule), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err-" + vectorModule), StandardCharsets.UTF_8));
  }

  private static double finalLoss(String out) {
    String line = out.strip();
    assertTrue(line.startsWith("final loss "), out);
    return Double.parseDouble(line.substring("final loss ".length()));
  }

  private static int count(String text, String fragment) {
    int n = 0;
    for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) {
      n++;
    }
    return n;
  }

  private static String section() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf(SECTION);
    assertTrue(start >= 0, "README.md has no section '" + SECTION + "'");
    int end = readme.indexOf("\n## ", start + SECTION.length());
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The first java code block of the section. */
  private static String readmeJava() throws Exception {
    String section = section();
    int start = section.indexOf("```java\n");
    assertTrue(start >= 0, "no java block in README's own-loop section");
    int end = section.indexOf("```", start + 8);
    return section.substring(start + 8, end);
  }
}
