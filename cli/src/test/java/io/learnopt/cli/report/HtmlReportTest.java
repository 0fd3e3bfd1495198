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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlReportTest {
  private static final Instant NOON = Instant.parse("2025-06-01T12:00:00Z");
  private static final String EVIL = "<script>alert('x')</script>";

  @TempDir Path tmp;

  private Path run(String name, String title, String command) {
    return RunDirs.write(tmp.resolve(name), RunDirs.results(title, command));
  }

  private static int count(String text, String fragment) {
    return (int) Pattern.compile(Pattern.quote(fragment)).matcher(text).results().count();
  }

  private static void assertContains(String html, String fragment) {
    assertTrue(html.contains(fragment), () -> "report lacks: " + fragment);
  }

  @Test
  void showsBothExperimentsWithTheirTablesPlotsSettingsAndCommands() {
    Path a = run("a", "Quadratics, tuned baselines", "learnopt eval --steps 50 --out a");
    Path b = run("b", null, "learnopt eval --seed 7 --out b");
    String html = HtmlReport.render(List.of(a, b), null, NOON);

    assertContains(html, "<title>learnopt report</title>");
    assertContains(html, "Generated 2025-06-01 12:00 UTC");
    assertContains(html, "<a href=\"#experiment-1\">Quadratics, tuned baselines</a>");
    assertContains(html, "<a href=\"#experiment-2\">quadratic, 50 steps</a>"); // fallback heading
    assertContains(html, "<section class=\"experiment\" id=\"experiment-1\">");
    assertContains(html, "<section class=\"experiment\" id=\"experiment-2\">");
    assertContains(html, "best: momentum, mean final loss 0.3133");
    // Table cells, formatted like the terminal table: lr %.3g, losses %.4g, log10 %.3f.
    assertContains(html, "<td>0.0316</td><td>0.3133</td><td>0.7487</td><td>0.04344</td>");
    assertContains(html, "<td>-0.504</td>");
    assertContains(html, "<td>0.0100</td><td>1.224</td><td>1.242</td><td>0.8426</td>");
    assertContains(html, "lstm</th><td>—</td>"); // no learning rate
    assertEquals(2, count(html, "<tr class=\"best\">"));
    assertContains(
        html,
        "<tr class=\"best\"><th scope=\"row\" class=\"name\">momentum <span class=\"badge\">");
    assertContains(html, "<pre class=\"command\"><code>./learnopt eval --steps 50 --out a</code>");
    assertContains(html, "<pre class=\"command\"><code>./learnopt eval --seed 7 --out b</code>");
    assertContains(html, "<dt>seed</dt><dd>7</dd>");
    assertContains(html, "<dt>learnopt_version</dt><dd>0.1.0</dd>");
    assertContains(html, "<dt>tasks</dt><dd>20</dd>");
    assertContains(html, "<dt>model (lstm)</dt><dd>runs/quad.safetensors</dd>");
    // No optional columns unless some optimizer has them.
    assertFalse(html.contains("test accuracy"));
    assertFalse(html.contains("train loss"));
  }

  @Test
  void aSuiteOpensWithTheWinsOfTheFirstLearnedOptimizerAndTheStepCosts() {
    String base = RunDirs.results("Setting A", "learnopt generalize --settings a");
    Path a =
        RunDirs.write(
            tmp.resolve("a"),
            base.replace("\"name\": \"sgd\"", "\"name\": \"adam\"")
                .replace(
                    "\"curve_mean\": [10.5, 0.33963]}",
                    "\"curve_mean\": [10.5, 0.33963], \"ms_per_step\": 2.5}"));
    Path b =
        RunDirs.write(
            tmp.resolve("b"),
            base.replace("Setting A", "Setting B")
                .replace("\"name\": \"sgd\"", "\"name\": \"adam\"")
                .replace("\"mean\": 0.33963", "\"mean\": 0.1"));
    String html = HtmlReport.render(List.of(a, b), null, List.of("lstm"), NOON);

    assertContains(html, "<a href=\"#summary\">Summary</a>");
    assertContains(html, "<section class=\"experiment\" id=\"summary\">");
    // A: lstm 0.3396 beats adam (1.224) but not momentum (0.3133); B: lstm 0.1 beats both.
    assertContains(
        html,
        "Setting A</th><td>0.3396</td><td>1.224</td><td>momentum 0.3133</td>"
            + "<td><strong>yes</strong></td><td>no</td>");
    assertContains(
        html,
        "Setting B</th><td>0.1000</td><td>1.224</td><td>momentum 0.3133</td>"
            + "<td><strong>yes</strong></td><td><strong>yes</strong></td>");
    assertContains(html, "<td>2 of 2</td><td>1 of 2</td>");
    // Step costs: one row per optimizer, one column per setting directory.
    assertContains(html, "<th>a</th><th>b</th>");
    assertContains(html, "lstm</th><td>2.50</td><td>—</td>");
    // The summary comes before the settings' own sections.
    assertTrue(html.indexOf("id=\"summary\"") < html.indexOf("id=\"experiment-1\""));
    assertFalse(HtmlReport.render(List.of(a, b), null, NOON).contains("id=\"summary\""));
  }

  @Test
  void inlinesEachSvgScalableWithoutPrologAndWithIdsKeptApart() {
    String html = HtmlReport.render(List.of(run("a", null, "c"), run("b", null, "c")), null, NOON);
    assertEquals(2, count(html, "<svg"));
    assertFalse(html.contains("<?xml"));
    assertFalse(html.contains("<!DOCTYPE svg"));
    assertFalse(html.contains("svg11.dtd"));
    Matcher svgTag = Pattern.compile("<svg[^>]*>").matcher(html);
    while (svgTag.find()) {
      String tag = svgTag.group();
      assertTrue(tag.contains("viewBox=\"0 0 900 600\""), tag);
      assertFalse(tag.contains("width="), tag);
      assertFalse(tag.contains("height="), tag);
    }
    // The same clip id in both files must not make one plot clip with the other's path.
    assertContains(html, "id=\"e1-loss-clip1\"");
    assertContains(html, "clip-path=\"url(#e1-loss-clip1)\"");
    assertContains(html, "id=\"e2-loss-clip1\"");
    assertContains(html, "clip-path=\"url(#e2-loss-clip1)\"");
    assertFalse(html.contains("\"clip1\""));
  }

  @Test
  void escapesEveryPieceOfTextFromTheRunDirectory() throws IOException {
    String results =
        RunDirs.results(EVIL, "learnopt eval --optimizers 'a&b' <in >out")
            .replace("\"momentum\"", RunDirs.quote(EVIL))
            .replace(
                "\"seed\": 7,",
                "\"seed\": 7, \"notes\": " + RunDirs.quote(EVIL + "\nline 2") + ",");
    Path dir = RunDirs.write(tmp.resolve("evil"), results);
    String html = HtmlReport.render(List.of(dir), "A & B <i>", NOON);

    assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"), "unescaped <script");
    assertContains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assertContains(html, "<title>A &amp; B &lt;i&gt;</title>");
    assertContains(
        html, "<code>./learnopt eval --optimizers &#39;a&amp;b&#39; &lt;in &gt;out</code>");
    assertContains(
        html, "<p class=\"notes\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\nline 2");
    assertContains(html, "best: &lt;script&gt;");
  }

  @Test
  void referencesNothingOnTheNetwork() throws IOException {
    Path dir = run("a", null, "learnopt eval --out a");
    Files.writeString(dir.resolve("gates.svg"), RunDirs.LOSS_SVG);
    Files.writeString(
        dir.resolve("results.json"),
        Files.readString(dir.resolve("results.json"))
            .replace("\"seed\": 7,", "\"seed\": 7, \"extra_plots\": [\"gates.svg\"],"));
    String html = HtmlReport.render(List.of(dir), null, NOON);

    assertEquals(2, count(html, "<svg"));
    String withoutNamespaces = html.replaceAll("xmlns(:\\w+)?=\"[^\"]*\"", "");
    assertFalse(withoutNamespaces.contains("http://"), "http:// outside xmlns");
    assertFalse(withoutNamespaces.contains("https://"), "https:// outside xmlns");
    assertFalse(Pattern.compile("<(link|script|iframe|object|embed)\\b").matcher(html).find());
    assertFalse(Pattern.compile("\\bsrc=\"(?!data:)").matcher(html).find());
    assertFalse(html.contains("@import"));
  }

  @Test
  void embedsExtraPlotsAfterTheTableAndAPngWhenThereIsNoSvg() throws IOException {
    Path dir = run("a", null, "c");
    Files.delete(dir.resolve("loss.svg"));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
    Files.write(dir.resolve("loss.png"), png);
    Files.write(dir.resolve("gates.png"), png);
    Files.writeString(dir.resolve("gates 2.svg"), RunDirs.LOSS_SVG);
    Files.writeString(
        dir.resolve("results.json"),
        Files.readString(dir.resolve("results.json"))
            .replace(
                "\"seed\": 7,", "\"seed\": 7, \"extra_plots\": [\"gates.png\", \"gates 2.svg\"],"));
    String html = HtmlReport.render(List.of(dir), null, NOON);

    assertEquals(2, count(html, "src=\"data:image/png;base64,iVBORw0KGgoBAgM=\""));
    assertEquals(1, count(html, "<svg"));
    assertContains(html, "id=\"e1-x2-clip1\"");
    assertTrue(html.indexOf("<table") < html.indexOf("<figcaption>gates.png</figcaption>"));
    assertTrue(
        html.indexOf("<figcaption>gates.png</figcaption>")
            < html.indexOf("<figcaption>gates 2.svg</figcaption>"));
  }

  @Test
  void addsAccuracyAndTrainLossColumnsWhenPresentAndNeverCallsADivergedRunBest()
      throws IOException {
    String results =
        RunDirs.results(null, "c")
            .replace(
                "\"median\": 0.84263336},",
                "\"median\": 0.84263336}, \"test_accuracy\": {\"mean\": 0.9712, \"std\": 0.0031},"
                    + " \"train_loss\": {\"mean\": 0.0815, \"std\": null},")
            .replace(
                "{\"mean\": 0.31330271, \"std\": 0.74866, \"median\": 0.043440}",
                "{\"mean\": null, \"std\": null, \"median\": null}");
    String html = HtmlReport.render(List.of(RunDirs.write(tmp.resolve("m"), results)), null, NOON);

    assertContains(html, "<th colspan=\"2\" class=\"group\">test accuracy</th>");
    assertContains(html, "<th colspan=\"2\" class=\"group\">train loss</th>");
    assertContains(html, "<td>0.9712</td><td>0.003100</td><td>0.08150</td><td>—</td>");
    assertContains(html, "momentum</th><td>0.0316</td><td>∞</td><td>—</td><td>∞</td><td>∞</td>");
    assertContains(html, "<td>—</td><td>—</td><td>—</td><td>—</td></tr>"); // lstm: no extras
    assertContains(html, "∞: the loss diverged.");
    // momentum diverged, so the best is lstm (0.3396), not momentum.
    assertContains(html, "<tr class=\"best\"><th scope=\"row\" class=\"name\">lstm <span");
  }

  @Test
  void writesTheFileAtomicallyWithTheGivenTitle() throws IOException {
    Path report = tmp.resolve("out").resolve("report.html");
    HtmlReport.write(report, List.of(run("a", null, "c")), "My <b>report</b>");
    String html = Files.readString(report);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertContains(html, "<h1>My &lt;b&gt;report&lt;/b&gt;</h1>");
    try (Stream<Path> files = Files.list(report.getParent())) {
      assertEquals(List.of(report), files.toList()); // no temporary file left behind
    }
  }

  @Test
  void aRunDirectoryWithoutResultsJsonIsNamed() throws IOException {
    Path good = run("good", null, "c");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path report = tmp.resolve("report.html");
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> HtmlReport.write(report, List.of(good, empty)));
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("has no results.json"), e.getMessage());
    assertFalse(Files.exists(report));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"problem\": \"quadratic\", | not valid JSON",
        "[1, 2] | not a JSON object",
        "{\"steps\": 5, \"optimizers\": [{\"name\": \"a\", \"final_loss\": {}}]} | field \"problem\"",
        "{\"problem\": \"q\", \"steps\": 5} | no \"optimizers\" array",
        "{\"problem\": \"q\", \"steps\": \"5\", \"optimizers\": [{\"name\": \"a\","
            + " \"final_loss\": {}}]} | field \"steps\"",
        "{\"problem\": \"q\", \"steps\": 5, \"optimizers\": [{\"name\": \"a\"}]}"
            + " | optimizers[0] has no \"final_loss\"",
        "{\"problem\": \"q\", \"steps\": 5, \"optimizers\": [{\"name\": \"a\","
            + " \"final_loss\": {\"mean\": \"low\"}}]} | \"optimizers[0].final_loss.mean\"",
      })
  void malformedResultsJsonIsNamedWithWhatIsWrong(String json, String message) throws IOException {
    Path dir = RunDirs.write(tmp.resolve("bad"), json);
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> HtmlReport.render(List.of(dir), null, NOON));
    assertTrue(e.getMessage().contains(dir.resolve("results.json").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void missingPlotsAreNamed() throws IOException {
    Path dir = run("a", null, "c");
    Files.delete(dir.resolve("loss.svg"));
    LearnoptException e =
        assertThrows(LearnoptException.class, () -> HtmlReport.render(List.of(dir), null, NOON));
    assertTrue(e.getMessage().contains("neither loss.svg nor loss.png"), e.getMessage());

    Files.writeString(dir.resolve("loss.svg"), RunDirs.LOSS_SVG);
    for (String bad : List.of("../b/loss.svg", "gates.svg", "notes.txt")) {
      Files.writeString(
          dir.resolve("results.json"),
          RunDirs.results(null, "c")
              .replace("\"seed\": 7,", "\"seed\": 7, \"extra_plots\": [\"" + bad + "\"],"));
      if (bad.equals("notes.txt")) {
        Files.writeString(dir.resolve(bad), "text");
      }
      e = assertThrows(LearnoptException.class, () -> HtmlReport.render(List.of(dir), null, NOON));
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }
}
