package io.learnopt.cli.report;

import io.learnopt.cli.plot.Markup;
import io.learnopt.cli.report.FewShotResults.MethodAccuracy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The section of a {@code learnopt fewshot eval} run directory: a table of the methods' test
 * accuracy with its 95% confidence interval, the highest highlighted, then the meta-learner LSTM's
 * gate figures that {@code --plot-gates} wrote ({@code gates-<method>-forget} and {@code -input},
 * SVG preferred over PNG), the settings and the command.
 */
record FewShotSection(FewShotResults results) implements ReportSection {
  private static final List<String> GATES = List.of("forget", "input");

  @Override
  public String heading() {
    return results.officialRuns()
        ? "Omniglot, Lake's official 20-way one-shot runs"
        : String.format(Locale.ROOT, "Omniglot %d-way %d-shot", results.ways(), results.shots());
  }

  @Override
  public String bestNote() {
    MethodAccuracy best = results.methods().get(best());
    return String.format(Locale.ROOT, "best: %s, accuracy %.2f%%", best.name(), 100 * best.mean());
  }

  /** Index of the method with the highest mean accuracy (the first of equals). */
  int best() {
    int best = 0;
    for (int i = 1; i < results.methods().size(); i++) {
      if (results.methods().get(i).mean() > results.methods().get(best).mean()) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public void appendTo(StringBuilder html, int number) {
    String subtitle =
        (results.officialRuns()
                ? results.episodes() + " official runs"
                : results.episodes() + " test episodes")
            + " · "
            + results.ways()
            + "-way "
            + results.shots()
            + "-shot"
            + (results.seed() == null || results.officialRuns() ? "" : " · seed " + results.seed());
    SectionParts.open(html, number, heading(), subtitle, null);
    table(html);
    String prefix = "e" + number + "-";
    int figure = 0;
    for (GatePlot plot : gatePlots()) {
      html.append(
          Figure.html(
              plot.file(),
              prefix + "g" + ++figure + "-",
              plot.method()
                  + ": "
                  + plot.gate()
                  + " gate per learner layer over the inner steps (median over the coordinates"
                  + " of each layer, averaged over the first test episodes, --gate-episodes of"
                  + " them; band: 10th to 90th percentile over coordinates)."));
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("ways", Integer.toString(results.ways()));
    settings.put("shots", Integer.toString(results.shots()));
    settings.put(
        results.officialRuns() ? "official runs" : "test episodes", "" + results.episodes());
    settings.put("seed", results.seed() == null ? null : results.seed().toString());
    for (MethodAccuracy m : results.methods()) {
      if (m.model() != null) {
        settings.put("model (" + m.name() + ")", RepoPaths.relative(m.model()));
      }
    }
    settings.put("learnopt_version", results.version());
    settings.put("run directory", results.dir().toString());
    SectionParts.settings(html, settings);
    SectionParts.reproduceAndClose(html, results.command());
  }

  private void table(StringBuilder html) {
    int best = best();
    html.append("<div class=\"table-wrap\">\n<table class=\"results\">\n<caption>")
        .append(
            Markup.escape(
                "Accuracy on the query images of "
                    + results.episodes()
                    + (results.officialRuns() ? " official runs" : " test episodes")
                    + "; 95% CI = 1.96 × sd / √episodes. Highlighted: the highest mean."))
        .append("</caption>\n<thead>\n<tr><th class=\"name\">method</th><th>accuracy</th>")
        .append("<th>95%&nbsp;CI</th><th class=\"name\">setup</th></tr>\n</thead>\n<tbody>\n");
    for (int i = 0; i < results.methods().size(); i++) {
      MethodAccuracy m = results.methods().get(i);
      html.append(i == best ? "<tr class=\"best\">" : "<tr>")
          .append("<th scope=\"row\" class=\"name\">")
          .append(Markup.escape(m.name()))
          .append(i == best ? " <span class=\"badge\">best</span>" : "")
          .append("</th><td>")
          .append(String.format(Locale.ROOT, "%.2f%%", 100 * m.mean()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "±%.2f%%", 100 * m.ci95()))
          .append("</td><td class=\"name\">")
          .append(Markup.escape(m.setup() == null ? "—" : m.setup()))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</div>\n");
  }

  /** A gate figure: {@code gates-<method>-<gate>.svg} or {@code .png}. */
  record GatePlot(String method, String gate, Path file) {}

  /** The gate figures of the listed methods, in their order, forget before input. */
  List<GatePlot> gatePlots() {
    List<GatePlot> plots = new ArrayList<>();
    for (MethodAccuracy m : results.methods()) {
      if (m.name().contains("/") || m.name().contains("\\")) {
        continue; // not a name fewshot eval writes: never look outside the run directory
      }
      for (String gate : GATES) {
        for (String extension : List.of(".svg", ".png")) {
          Path file = results.dir().resolve("gates-" + m.name() + "-" + gate + extension);
          if (Files.isRegularFile(file)) {
            plots.add(new GatePlot(m.name(), gate, file));
            break;
          }
        }
      }
    }
    return plots;
  }
}
