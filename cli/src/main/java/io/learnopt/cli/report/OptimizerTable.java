package io.learnopt.cli.report;

import io.learnopt.cli.plot.Markup;
import io.learnopt.cli.report.Experiment.OptimizerResult;
import io.learnopt.cli.report.Experiment.Stat;
import java.util.List;
import java.util.Locale;

/**
 * An experiment's optimizers as an HTML table, formatted like the table {@code learnopt eval}
 * prints: learning rate, final loss mean, ± std, median and log10 of the mean, plus test accuracy
 * and train loss columns when any optimizer has them. The row with the lowest mean final loss is
 * marked best; a null (diverged) loss counts as +∞.
 */
final class OptimizerTable {
  private static final String NONE = "—";

  private OptimizerTable() {}

  /** Index of the optimizer with the lowest finite mean final loss, or -1 if all diverged. */
  static int best(List<OptimizerResult> optimizers) {
    int best = -1;
    for (int i = 0; i < optimizers.size(); i++) {
      Double mean = optimizers.get(i).mean();
      if (mean != null
          && Double.isFinite(mean)
          && (best < 0 || mean < optimizers.get(best).mean())) {
        best = i;
      }
    }
    return best;
  }

  /** The {@code <table>} of {@code experiment}'s optimizers. */
  static String html(Experiment experiment) {
    List<OptimizerResult> rows = experiment.optimizers();
    boolean accuracy = rows.stream().anyMatch(r -> r.testAccuracy() != null);
    boolean trainLoss = rows.stream().anyMatch(r -> r.trainLoss() != null);
    boolean cost = rows.stream().anyMatch(r -> r.msPerStep() != null);
    int best = best(rows);

    StringBuilder t =
        new StringBuilder("<div class=\"table-wrap\">\n<table class=\"results")
            .append(accuracy || trainLoss ? " compact" : "")
            .append("\">\n");
    t.append("<caption>")
        .append(Markup.escape(caption(experiment, best >= 0)))
        .append("</caption>\n<thead>\n<tr>")
        .append("<th rowspan=\"2\" class=\"name\">optimizer</th>")
        .append("<th rowspan=\"2\">learning rate</th>")
        .append("<th colspan=\"4\" class=\"group\">final loss</th>");
    if (accuracy) {
      t.append("<th colspan=\"2\" class=\"group\">test accuracy</th>");
    }
    if (trainLoss) {
      t.append("<th colspan=\"2\" class=\"group\">train loss</th>");
    }
    if (cost) {
      t.append("<th rowspan=\"2\" title=\"median over tasks, gradient included\">ms per step</th>");
    }
    t.append("</tr>\n<tr><th>mean</th><th>± std</th><th>median</th><th>log10 mean</th>");
    for (int i = (accuracy ? 1 : 0) + (trainLoss ? 1 : 0); i > 0; i--) {
      t.append("<th>mean</th><th>± std</th>");
    }
    t.append("</tr>\n</thead>\n<tbody>\n");
    for (int i = 0; i < rows.size(); i++) {
      OptimizerResult r = rows.get(i);
      t.append(i == best ? "<tr class=\"best\">" : "<tr>")
          .append("<th scope=\"row\" class=\"name\">")
          .append(Markup.escape(r.name()))
          .append(i == best ? " <span class=\"badge\">best</span>" : "")
          .append("</th>");
      cell(t, r.learningRate() == null ? NONE : format("%.3g", r.learningRate()));
      cell(t, loss(r.mean(), "%.4g"));
      cell(t, r.std() == null ? NONE : format("%.4g", r.std()));
      cell(t, loss(r.median(), "%.4g"));
      cell(t, r.mean() == null ? "∞" : format("%.3f", Math.log10(r.mean())));
      if (accuracy) {
        stat(t, r.testAccuracy());
      }
      if (trainLoss) {
        stat(t, r.trainLoss());
      }
      if (cost) {
        cell(t, r.msPerStep() == null ? NONE : format("%.3g", r.msPerStep()));
      }
      t.append("</tr>\n");
    }
    return t.append("</tbody>\n</table>\n</div>\n").toString();
  }

  private static String caption(Experiment e, boolean hasBest) {
    StringBuilder c = new StringBuilder("Loss after ").append(e.steps()).append(" steps");
    if (e.tasks() != null) {
      c.append(", statistics over ").append(e.tasks()).append(" test tasks");
    }
    c.append(
        hasBest ? ". Highlighted: the lowest mean final loss." : ". Every optimizer diverged.");
    boolean diverged =
        e.optimizers().stream().anyMatch(r -> r.mean() == null || r.median() == null);
    return diverged ? c.append(" ∞: the loss diverged.").toString() : c.toString();
  }

  private static void stat(StringBuilder t, Stat stat) {
    cell(t, stat == null || stat.mean() == null ? NONE : format("%.4g", stat.mean()));
    cell(t, stat == null || stat.std() == null ? NONE : format("%.4g", stat.std()));
  }

  /** A loss: null means the run diverged, which the evaluation records as +∞. */
  private static String loss(Double value, String pattern) {
    return value == null ? "∞" : format(pattern, value);
  }

  private static void cell(StringBuilder t, String text) {
    t.append("<td>").append(Markup.escape(text)).append("</td>");
  }

  private static String format(String pattern, double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "-∞";
    }
    return String.format(Locale.ROOT, pattern, value);
  }
}
