package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code fewshot train} and {@code fewshot eval} end to end on small settings, and bad input. */
class FewShotCommandTest {
  /** Stands for the test's temporary directory in the arguments of {@link #badCommands}. */
  private static final String DIR = "{dir}";

  @TempDir Path dir;

  @Test
  void trainsSavesAndEvaluatesAModel() throws Exception {
    Path model =
        trainModel(
            "--method maml-fo --learner mlp:hidden=16 --updates 4 --validate-every 2"
                + " --validation-episodes 3 --inner-lr 0.1");
    assertTrue(Files.exists(model));
    assertEquals(
        6,
        Files.readAllLines(dir.resolve("m.log.csv")).size(),
        "header, update 0 (validation), 1-4");

    Path out = dir.resolve("eval");
    CliRun eval =
        fewshot(
            "eval",
            "--out",
            out.toString(),
            "--methods",
            model + ",nearest-neighbour",
            "--episodes",
            "6",
            "--threads",
            "2");
    JsonNode results = results(out);
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
    Path model =
        trainModel("--method metalstm --learner mlp:hidden=8 --updates 1 --validation-episodes 2");
    Path out = dir.resolve("runs");
    fewshot("eval", "--out", out.toString(), "--official-runs", "--methods", model.toString());
    JsonNode results = results(out);
    assertEquals(20, results.get("ways").asInt());
    assertEquals(20, results.get("episodes").asInt());
    assertTrue(results.get("official_runs").asBoolean());
  }

  @Test
  void clipZeroTurnsClippingOffAsInTrain() {
    Path model =
        trainModel(
            "--method metalstm --learner mlp:hidden=8 --updates 1 --validation-episodes 2 --clip 0");
    assertTrue(Files.exists(model));
  }

  static Stream<Arguments> badCommands() {
    return Stream.of(
        bad(
            "a negative clip is refused, naming 0 = off",
            List.of("train", "--method", "metalstm", "--clip", "-1", "--out", DIR + "/x"),
            2,
            "--clip must be a non-negative number (0 = off), got -1.0"),
        bad(
            "an unknown method lists the valid ones",
            List.of("eval", "--methods", "protonet", "--out", DIR),
            2,
            "unknown few-shot method 'protonet'",
            "metalstm",
            "nearest-neighbour"),
        bad(
            "a method that cannot be trained lists those that can",
            List.of("train", "--method", "finetune-adam", "--out", DIR + "/x"),
            2,
            "--method must be one of metalstm, metalstm-v2, maml-fo, l2l"),
        bad(
            "a missing model is named",
            List.of("eval", "--methods", DIR + "/none.safetensors", "--out", DIR),
            1,
            "none.safetensors"),
        bad(
            "more ways than the data holds gives the maximum",
            List.of("eval", "--methods", "nearest-neighbour", "--ways", "50", "--out", DIR),
            2,
            "use at most 40 ways"),
        bad(
            "more shots than the data holds gives the maximum",
            List.of("eval", "--methods", "nearest-neighbour", "--shots", "10", "--out", DIR),
            2,
            "shots + queries can be at most 20"),
        bad(
            "a bad learner spec is a usage error",
            List.of(
                "train",
                "--method",
                "metalstm",
                "--learner",
                "conv:depth=3",
                "--out",
                DIR + "/x.safetensors"),
            2,
            "unknown option 'depth'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommands")
  void badInputFailsWithItsExitCodeAndMessage(
      String name, List<String> args, int code, List<String> fragments) {
    Stream<String> resolved = args.stream().map(a -> a.replace(DIR, dir.toString()));
    CliRun.of(Stream.concat(Stream.of("fewshot"), resolved).toArray(String[]::new))
        .assertFails(code, fragments.toArray(String[]::new));
  }

  private static Arguments bad(String name, List<String> args, int code, String... fragments) {
    return Arguments.of(name, args, code, List.of(fragments));
  }

  /** Runs {@code fewshot train} with {@code options} (space-separated) into m.safetensors. */
  private Path trainModel(String options) {
    Path model = dir.resolve("m.safetensors");
    List<String> args = new ArrayList<>(List.of("train", "--out", model.toString()));
    args.addAll(List.of(options.split(" ")));
    fewshot(args.toArray(String[]::new));
    return model;
  }

  /** Runs {@code fewshot args…}, which must succeed. */
  private static CliRun fewshot(String... args) {
    CliRun run =
        CliRun.of(Stream.concat(Stream.of("fewshot"), Stream.of(args)).toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    return run;
  }

  private static JsonNode results(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("results.json").toFile());
  }
}
