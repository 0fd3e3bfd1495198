package io.learnopt.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The report's section for {@code learnopt fewshot eval} run directories. */
class FewShotReportTest {
  private static final Instant NOON = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir Path tmp;

  /** results.json shaped like fewshot eval's: a model, a tuned baseline, nearest neighbour. */
  private static String results(boolean official) {
    return """
        {
          "ways": %d, "shots": 1, "episodes": %d, "seed": 7, "official_runs": %s,
          "command": "learnopt fewshot eval --ways 5 --shots 1 --out fs",
          "learnopt_version": "0.1.0",
          "methods": [
            {"name": "metalstm", "accuracy": {"mean": 0.8752, "ci95": 0.0069},
             "model": "models/fewshot/metalstm-5way-1shot.safetensors"},
            {"name": "l2l", "accuracy": {"mean": 0.9028, "ci95": 0.0059},
             "model": "models/fewshot/l2l-5way-1shot.safetensors"},
            {"name": "finetune-sgd", "accuracy": {"mean": 0.6433, "ci95": 0.0090},
             "optimizer": "sgd:lr=0.31622776601683794", "steps": 100, "learner": "conv:channels=32,bn=true"},
            {"name": "nearest-neighbour", "accuracy": {"mean": 0.3581, "ci95": 0.0058}}
          ]
        }
        """
        .formatted(official ? 20 : 5, official ? 20 : 600, official);
  }

  private Path fewShotDir(String name, String results) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("results.json"), results);
    return dir;
  }

  private static void assertContains(String html, String fragment) {
    assertTrue(html.contains(fragment), () -> "report lacks: " + fragment);
  }

  @Test
  void showsTheAccuracyTableWithTheBestHighlightedAndTheGateFigures() throws IOException {
    Path dir = fewShotDir("fs", results(false));
    Files.writeString(dir.resolve("gates-metalstm-forget.svg"), RunDirs.LOSS_SVG);
    Files.writeString(dir.resolve("gates-metalstm-input.svg"), RunDirs.LOSS_SVG);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
    Files.write(dir.resolve("gates-metalstm-input.png"), png); // the SVG is preferred
    Files.writeString(dir.resolve("gates-other-forget.svg"), RunDirs.LOSS_SVG); // not listed
    Path eval = RunDirs.write(tmp.resolve("eval"), RunDirs.results(null, "c"));

    String html = HtmlReport.render(List.of(dir, eval), null, NOON);

    assertContains(html, "<a href=\"#experiment-1\">Omniglot 5-way 1-shot</a>");
    assertContains(html, "— best: l2l, accuracy 90.28%");
    assertContains(html, "<a href=\"#experiment-2\">quadratic, 50 steps</a>");
    assertContains(html, "600 test episodes · 5-way 1-shot · seed 7");
    assertContains(
        html,
        "<tr class=\"best\"><th scope=\"row\" class=\"name\">l2l <span class=\"badge\">best</span>"
            + "</th><td>90.28%</td><td>±0.59%</td>"
            + "<td class=\"name\">l2l-5way-1shot.safetensors</td></tr>");
    assertContains(
        html,
        "<th scope=\"row\" class=\"name\">finetune-sgd</th><td>64.33%</td><td>±0.90%</td>"
            + "<td class=\"name\">sgd lr=0.316, 100 steps</td>");
    assertContains(
        html, "nearest-neighbour</th><td>35.81%</td><td>±0.58%</td><td class=\"name\">—");
    assertEquals(2, count(html, "<tr class=\"best\">")); // one per section
    // Two gate figures of metalstm (both SVG) and the eval section's loss plot.
    assertEquals(3, count(html, "<svg"));
    assertFalse(html.contains("data:image/png"));
    assertContains(html, "id=\"e1-g1-clip1\"");
    assertContains(html, "id=\"e1-g2-clip1\"");
    assertContains(html, "<figcaption>metalstm: forget gate per learner layer");
    assertContains(html, "<figcaption>metalstm: input gate per learner layer");
    assertTrue(html.indexOf("<table") < html.indexOf("metalstm: forget gate"));
    assertTrue(html.indexOf("metalstm: forget gate") < html.indexOf("metalstm: input gate"));
    assertContains(html, "<dt>test episodes</dt><dd>600</dd>");
    assertContains(html, "<code>./learnopt fewshot eval --ways 5 --shots 1 --out fs</code>");
    assertContains(
        html, "<dt>model (metalstm)</dt><dd>models/fewshot/metalstm-5way-1shot.safetensors</dd>");
    assertContains(html, "<dt>model (l2l)</dt><dd>models/fewshot/l2l-5way-1shot.safetensors</dd>");
  }

  @Test
  void officialRunsAreNamedAsSuch() throws IOException {
    String html = HtmlReport.render(List.of(fewShotDir("o", results(true))), null, NOON);
    assertContains(html, "Omniglot, Lake&#39;s official 20-way one-shot runs");
    assertContains(html, "20 official runs · 20-way 1-shot</p>");
    assertContains(html, "<dt>official runs</dt><dd>20</dd>");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"ways\": 5, \"shots\": 1, \"episodes\": 600} | no \"methods\" array",
        "{\"ways\": 5, \"shots\": 1, \"episodes\": 600, \"methods\": [{\"name\": \"a\"}]}"
            + " | methods[0] has no \"accuracy\"",
        "{\"ways\": 5, \"shots\": 1, \"episodes\": 600, \"methods\": [{\"name\": \"a\","
            + " \"accuracy\": {\"mean\": 0.5}}]} | \"methods[0].accuracy.ci95\" is missing",
        "{\"ways\": \"5\", \"shots\": 1, \"episodes\": 600, \"methods\": [{\"name\": \"a\","
            + " \"accuracy\": {\"mean\": 0.5, \"ci95\": 0.1}}]} | field \"ways\"",
        "{\"ways\": 5, \"episodes\": 600, \"methods\": [{\"name\": \"a\","
            + " \"accuracy\": {\"mean\": 0.5, \"ci95\": 0.1}}]} | field \"shots\"",
        "{\"ways\": 5, \"shots\": 99999999999, \"episodes\": 600, \"methods\": [{\"name\":"
            + " \"a\", \"accuracy\": {\"mean\": 0.5, \"ci95\": 0.1}}]}"
            + " | field \"shots\" must be a positive integer",
      })
  void malformedResultsAreNamedWithWhatIsWrong(String json, String message) throws IOException {
    Path dir = fewShotDir("bad", json);
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> HtmlReport.render(List.of(dir), null, NOON));
    assertTrue(e.getMessage().contains(dir.resolve("results.json").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains("learnopt fewshot eval --out DIR"), e.getMessage());
  }

  @Test
  void tunedOptimizersShowTheirRuleAndRate() {
    assertEquals(
        "adam lr=0.0316",
        FewShotResults.shortSpec("adam:lr=0.03162277660168379,beta1=0.9,beta2=0.999,eps=1.0E-8"));
    assertEquals("sgd lr=1.00", FewShotResults.shortSpec("sgd:lr=1"));
    assertEquals("custom", FewShotResults.shortSpec("custom"));
    assertEquals("x:beta=2", FewShotResults.shortSpec("x:beta=2"));
  }

  private static int count(String text, String fragment) {
    return (int) Pattern.compile(Pattern.quote(fragment)).matcher(text).results().count();
  }
}
