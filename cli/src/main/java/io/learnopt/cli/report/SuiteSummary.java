package io.learnopt.cli.report;

import io.learnopt.cli.plot.Markup;
import io.learnopt.cli.report.Experiment.OptimizerResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The opening section of a suite's report ({@code generalize}, {@code paper}): per setting, each
 * learned optimizer's mean final loss against tuned Adam's and the best tuned baseline's, with
 * whether the first learned optimizer wins; then every optimizer's median time per step in every
 * setting.
 */
final class SuiteSummary {
  private SuiteSummary() {}

  /** The section's id, the target of its table-of-contents link. */
  static final String ANCHOR = "summary";

  /** The section for {@code settings} with the {@code learned} optimizers' names. */
  static String html(List<EvalSection> settings, List<String> learned) {
    StringBuilder h =
        new StringBuilder("<section class=\"experiment\" id=\"")
            .append(ANCHOR)
            .append("\">\n<h2>Summary</h2>\n<p class=\"subtitle\">")
            .append(
                Markup.escape(
                    "Mean final loss on the test tasks; every baseline at its best learning rate,"
                        + " tuned per setting on separate tasks."))
            .append("</p>\n");
    wins(h, settings, learned);
    costs(h, settings);
    return h.append("</section>\n").toString();
  }

  private static void wins(StringBuilder h, List<EvalSection> settings, List<String> learned) {
    String first = learned.get(0);
    h.append("<div class=\"table-wrap\">\n<table class=\"results\">\n<caption>")
        .append(Markup.escape("Wins of " + first + ": bold where it beats the comparison."))
        .append("</caption>\n<thead><tr><th class=\"name\">setting</th>");
    for (String name : learned) {
      head(h, name);
    }
    head(h, "adam");
    head(h, "best baseline");
    head(h, first + " beats adam");
    head(h, first + " beats all");
    h.append("</tr></thead>\n<tbody>\n");
    int beatAdam = 0;
    int beatAll = 0;
    for (EvalSection s : settings) {
      List<OptimizerResult> rows = s.experiment().optimizers();
      h.append("<tr><th scope=\"row\" class=\"name\">").append(Markup.escape(s.heading()));
      h.append("</th>");
      for (String name : learned) {
        cell(h, loss(find(rows, name)));
      }
      OptimizerResult adam = find(rows, "adam");
      OptimizerResult best = null;
      for (OptimizerResult r : rows) {
        if (!learned.contains(r.name()) && mean(r) < mean(best)) {
          best = r;
        }
      }
      cell(h, loss(adam));
      cell(h, best == null ? "—" : best.name() + " " + loss(best));
      double mine = mean(find(rows, first));
      boolean winsAdam = mine < mean(adam);
      boolean winsAll = mine < mean(best);
      beatAdam += winsAdam ? 1 : 0;
      beatAll += winsAll ? 1 : 0;
      verdict(h, winsAdam);
      verdict(h, winsAll);
      h.append("</tr>\n");
    }
    h.append("</tbody>\n<tfoot><tr><th class=\"name\">wins</th>")
        .append("<td colspan=\"")
        .append(learned.size() + 2)
        .append("\"></td>");
    cell(h, beatAdam + " of " + settings.size());
    cell(h, beatAll + " of " + settings.size());
    h.append("</tr></tfoot>\n</table>\n</div>\n");
  }

  private static void costs(StringBuilder h, List<EvalSection> settings) {
    Set<String> names = new LinkedHashSet<>();
    for (EvalSection s : settings) {
      s.experiment().optimizers().forEach(r -> names.add(r.name()));
    }
    h.append("<div class=\"table-wrap\">\n<table class=\"results\">\n<caption>")
        .append(
            Markup.escape(
                "Median milliseconds per step over the test tasks (gradient included), as"
                    + " measured during the runs: a cost on a shared machine, not a benchmark."))
        .append("</caption>\n<thead><tr><th class=\"name\">optimizer</th>");
    for (EvalSection s : settings) {
      head(h, s.experiment().dir().getFileName().toString());
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (String name : names) {
      h.append("<tr><th scope=\"row\" class=\"name\">").append(Markup.escape(name)).append("</th>");
      for (EvalSection s : settings) {
        OptimizerResult r = find(s.experiment().optimizers(), name);
        cell(
            h,
            r == null || r.msPerStep() == null
                ? "—"
                : String.format(Locale.ROOT, "%.3g", r.msPerStep()));
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n</div>\n");
  }

  private static OptimizerResult find(List<OptimizerResult> rows, String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
  }

  /** The mean final loss; +∞ for a diverged run or a missing optimizer. */
  private static double mean(OptimizerResult r) {
    return r == null || r.mean() == null ? Double.POSITIVE_INFINITY : r.mean();
  }

  private static String loss(OptimizerResult r) {
    if (r == null) {
      return "—";
    }
    return r.mean() == null ? "∞" : String.format(Locale.ROOT, "%.4g", r.mean());
  }

  private static void head(StringBuilder h, String text) {
    h.append("<th>").append(Markup.escape(text)).append("</th>");
  }

  private static void cell(StringBuilder h, String text) {
    h.append("<td>").append(Markup.escape(text)).append("</td>");
  }

  private static void verdict(StringBuilder h, boolean yes) {
    h.append(yes ? "<td><strong>yes</strong></td>" : "<td>no</td>");
  }
}
