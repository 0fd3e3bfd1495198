package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fewshot train} and {@code fewshot eval} end to end on small settings, and bad input. */
class FewShotCommandTest {
  @TempDir Path dir;

  private static void assertFails(CliRun run, int code, String... fragments) {
    run.assertFails(code, fragments);
  }

  @Test
  void trainsSavesAndEvaluatesAModel() throws Exception {
    Path model = dir.resolve("m.safetensors");
    CliRun train =
        CliRun.of(
            "fewshot",
            "train",
            "--method",
            "maml-fo",
            "--learner",
            "mlp:hidden=16",
            "--updates",
            "4",
            "--validate-every",
            "2",
            "--validation-episodes",
            "3",
            "--inner-lr",
            "0.1",
            "--out",
            model.toString());
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(Files.exists(model));
    assertEquals(
        6,
        Files.readAllLines(dir.resolve("m.log.csv")).size(),
        "header, update 0 (validation), 1-4");

    Path out = dir.resolve("eval");
    CliRun eval =
        CliRun.of(
            "fewshot",
            "eval",
            "--methods",
            model + ",nearest-neighbour",
            "--episodes",
            "6",
            "--threads",
            "2",
            "--out",
            out.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertEquals(5, results.get("ways").asInt());
    assertEquals(1, results.get("shots").asInt());
    assertEquals(6, results.get("episodes").asInt());
    assertEquals(7, results.get("seed").asInt());
    assertEquals("maml-fo", results.get("methods").get(0).get("name").asText());
    assertEquals("nearest-neighbour", results.get("methods").get(1).get("name").asText());
    for (JsonNode m : results.get("methods")) {
      double mean = m.get("accuracy").get("mean").asDouble();
      assertTrue(mean >= 0 && mean <= 1, m.toString());
      assertTrue(m.get("accuracy").get("ci95").asDouble() >= 0, m.toString());
    }
    assertTrue(eval.out().contains("nearest-neighbour"), eval.out());

    // The run directory makes a report section of its own.
    Path html = dir.resolve("report.html");
    CliRun report = CliRun.of("report", out.toString(), "--out", html.toString());
    assertEquals(0, report.exitCode(), report.err());
    String page = Files.readString(html);
    assertTrue(page.contains("Omniglot 5-way 1-shot"), page);
    assertTrue(page.contains("<th scope=\"row\" class=\"name\">nearest-neighbour"), page);
  }

  @Test
  void officialRunsAreTwentyWayOneShotWithAWidenedModel() throws Exception {
    Path model = dir.resolve("m.safetensors");
    assertEquals(
        0,
        CliRun.of(
                "fewshot",
                "train",
                "--method",
                "metalstm",
                "--learner",
                "mlp:hidden=8",
                "--updates",
                "1",
                "--validation-episodes",
                "2",
                "--out",
                model.toString())
            .exitCode());
    Path out = dir.resolve("runs");
    CliRun eval =
        CliRun.of(
            "fewshot",
            "eval",
            "--official-runs",
            "--methods",
            model.toString(),
            "--out",
            out.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertEquals(20, results.get("ways").asInt());
    assertEquals(20, results.get("episodes").asInt());
    assertTrue(results.get("official_runs").asBoolean());
  }

  @Test
  void unknownMethodListsTheValidOnes() {
    assertFails(
        CliRun.of("fewshot", "eval", "--methods", "protonet", "--out", dir.toString()),
        2,
        "unknown few-shot method 'protonet'",
        "metalstm",
        "nearest-neighbour");
    assertFails(
        CliRun.of(
            "fewshot", "train", "--method", "finetune-adam", "--out", dir.resolve("x").toString()),
        2,
        "--method must be one of metalstm, metalstm-v2, maml-fo, l2l");
  }

  @Test
  void aMissingModelSaysHowToTrainOne() {
    assertFails(
        CliRun.of(
            "fewshot",
            "eval",
            "--methods",
            dir.resolve("none.safetensors").toString(),
            "--out",
            dir.toString()),
        1,
        "none.safetensors");
  }

  @Test
  void moreWaysOrShotsThanTheDataHoldsSayTheMaximum() {
    assertFails(
        CliRun.of(
            "fewshot",
            "eval",
            "--methods",
            "nearest-neighbour",
            "--ways",
            "50",
            "--out",
            dir.toString()),
        2,
        "use at most 40 ways");
    assertFails(
        CliRun.of(
            "fewshot",
            "eval",
            "--methods",
            "nearest-neighbour",
            "--shots",
            "10",
            "--out",
            dir.toString()),
        2,
        "shots + queries can be at most 20");
  }

  @Test
  void aBadLearnerSpecIsAUsageError() {
    assertFails(
        CliRun.of(
            "fewshot",
            "train",
            "--method",
            "metalstm",
            "--learner",
            "conv:depth=3",
            "--out",
            dir.resolve("x.safetensors").toString()),
        2,
        "unknown option 'depth'");
  }
}
