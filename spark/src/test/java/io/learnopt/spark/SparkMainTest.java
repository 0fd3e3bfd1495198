package io.learnopt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.cli.Main;
import io.learnopt.lopt.LearnedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code learnopt spark train} saves the model {@code learnopt train} saves with as many threads.
 */
class SparkMainTest {
  @TempDir Path dir;

  private static String[] args(Path out, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--problem",
                "quadratic:dim=4",
                "--epochs",
                "4",
                "--tasks-per-epoch",
                "4",
                "--eval-every",
                "2",
                "--eval-tasks",
                "2",
                "--threads",
                "2",
                "--hidden",
                "6",
                "--out",
                out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void sparkTrainSavesTheSingleProcessModel() {
    Path local = dir.resolve("local.safetensors");
    Path spark = dir.resolve("spark.safetensors");
    assertEquals(0, Main.run(args(local)));
    assertEquals(0, SparkMain.run(args(spark, "--master", "local[2]")));
    assertArrayEquals(LearnedModels.load(local).phi(), LearnedModels.load(spark).phi());
  }

  @Test
  void sparkTrainByPesSavesTheSingleProcessModelWhateverTheGroups() {
    Path local = dir.resolve("local-pes.safetensors");
    Path spark = dir.resolve("spark-pes.safetensors");
    String[] pes = {"--estimator", "pes", "--pes-pairs", "2"};
    String[] one = args(local, pes);
    one[12] = "1"; // --threads 1: every task in its own group, one after another
    assertEquals("--threads", one[11]);
    assertEquals(0, Main.run(one));
    List<String> two = new ArrayList<>(List.of(args(spark, pes)));
    two.addAll(List.of("--master", "local[2]"));
    assertEquals(0, SparkMain.run(two.toArray(String[]::new)));
    assertArrayEquals(LearnedModels.load(local).phi(), LearnedModels.load(spark).phi());
  }

  /** eval args for {@code optimizers} on 4 quadratics, tuned on 2, into {@code out}. */
  private static String[] evalArgs(String optimizers, Path out, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "eval",
                "--problem",
                "quadratic:dim=4",
                "--optimizers",
                optimizers,
                "--tasks",
                "4",
                "--tune-tasks",
                "2",
                "--steps",
                "20",
                "--threads",
                "2",
                "--out",
                out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /**
   * The runs of {@code spark eval} (a learned model, a tuned baseline, a fixed one) give the losses
   * and tuned rates of {@code eval}: rules travel to the executors with φ, problems are rebuilt
   * from their spec.
   */
  @Test
  void sparkEvalGivesTheSameResultsAsEval() throws java.io.IOException {
    Path model = dir.resolve("model.safetensors");
    assertEquals(0, Main.run(args(model)));
    String optimizers = model + ",adam,sgd:lr=0.05";
    assertEquals(0, Main.run(evalArgs(optimizers, dir.resolve("local"))));
    assertEquals(
        0, SparkMain.run(evalArgs(optimizers, dir.resolve("spark"), "--master", "local[2]")));
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    var local = json.readTree(dir.resolve("local/results.json").toFile()).get("optimizers");
    var spark = json.readTree(dir.resolve("spark/results.json").toFile()).get("optimizers");
    assertEquals(3, local.size());
    for (int o = 0; o < 3; o++) {
      assertEquals(local.get(o).get("name"), spark.get(o).get("name"));
      assertEquals(local.get(o).get("lr"), spark.get(o).get("lr"));
      assertEquals(local.get(o).get("final_loss"), spark.get(o).get("final_loss"));
      assertEquals(local.get(o).get("curve_mean"), spark.get(o).get("curve_mean"));
    }
  }

  /** One generalize setting on Spark gives the in-process results. */
  @Test
  void sparkGeneralizeGivesTheSameResults() throws java.io.IOException {
    Path model = dir.resolve("quad.safetensors");
    assertEquals(0, Main.run(args(model)));
    String[] common = {
      "generalize",
      "--optimizers",
      model.toString(),
      "--settings",
      "quadratic-100",
      "--tasks",
      "3",
      "--tune-tasks",
      "2",
      "--threads",
      "2"
    };
    List<String> local = new ArrayList<>(List.of(common));
    local.addAll(List.of("--out", dir.resolve("g-local").toString()));
    List<String> spark = new ArrayList<>(List.of(common));
    spark.addAll(List.of("--out", dir.resolve("g-spark").toString(), "--master", "local[2]"));
    assertEquals(0, Main.run(local.toArray(String[]::new)));
    assertEquals(0, SparkMain.run(spark.toArray(String[]::new)));
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    var a = json.readTree(dir.resolve("g-local/quadratic-100/results.json").toFile());
    var b = json.readTree(dir.resolve("g-spark/quadratic-100/results.json").toFile());
    for (int o = 0; o < a.get("optimizers").size(); o++) {
      assertEquals(
          a.get("optimizers").get(o).get("final_loss"),
          b.get("optimizers").get(o).get("final_loss"));
    }
  }

  @Test
  void benchPrintsTheOverheadPerOuterStep() {
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertEquals(
          0,
          SparkMain.run("bench", "--problem", "quadratic:dim=3", "--steps", "3", "--threads", "2"));
    } finally {
      System.setOut(out);
    }
    String printed = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    for (String key :
        List.of("\"run\":\"local\"", "\"run\":\"spark local[2]\"", "\"efficiency\":")) {
      org.junit.jupiter.api.Assertions.assertTrue(printed.contains(key), printed);
    }
  }

  /** A Spark run stopped after 2 epochs and resumed to 4 saves the uninterrupted model. */
  @Test
  void sparkTrainResumesLikeTrain() {
    Path whole = dir.resolve("whole.safetensors");
    Path resumed = dir.resolve("resumed.safetensors");
    assertEquals(0, Main.run(args(whole)));
    String[] half = args(resumed, "--master", "local[2]");
    half[4] = "2"; // --epochs 2
    assertEquals(0, SparkMain.run(half));
    assertEquals(0, SparkMain.run(args(resumed, "--master", "local[2]", "--resume")));
    assertArrayEquals(LearnedModels.load(whole).phi(), LearnedModels.load(resumed).phi());
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertEquals(
        2,
        SparkMain.run(
            "train", "--problem", "nope", "--out", dir.resolve("x.safetensors").toString()));
    assertEquals(2, SparkMain.run("fly"));
    assertEquals(
        2,
        SparkMain.run(
            "train", "--estimator", "nope", "--out", dir.resolve("p.safetensors").toString()));
  }
}
