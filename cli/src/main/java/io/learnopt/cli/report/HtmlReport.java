package io.learnopt.cli.report;

import io.learnopt.LearnoptException;
import io.learnopt.Version;
import io.learnopt.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML page summarizing several {@code learnopt eval} run directories
 * ("experiments"). The page needs no other file and no network: the stylesheet is inline, SVG plots
 * are inlined (sanitized, scaled to the page width) and PNG plots are base64 {@code data:} URLs.
 *
 * <p>Per experiment it shows a heading (the optional {@code title} of {@code results.json}, else
 * the problem and steps), the optional {@code notes}, the loss plot ({@code loss.svg}, else {@code
 * loss.png}), a table of the optimizers with the lowest mean final loss highlighted, the plots
 * listed in the optional {@code extra_plots}, the settings (problem, steps, tasks, seed, version,
 * directory) and the command that reproduces the run. A table of contents links to each one.
 *
 * <pre>{@code
 * HtmlReport.write(Path.of("report.html"), List.of(Path.of("runs/quad"), Path.of("runs/mnist")));
 * }</pre>
 */
public final class HtmlReport {
  /** The page title when none is given. */
  public static final String DEFAULT_TITLE = "learnopt report";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  /**
   * Writes the report of {@code runDirs}, titled {@value #DEFAULT_TITLE}, to {@code reportFile}
   * (atomically: a temporary file renamed over the target).
   *
   * @throws LearnoptException naming the directory or file if a run directory lacks {@code
   *     results.json} or a plot, if a file is malformed, or if the report cannot be written
   */
  public static void write(Path reportFile, List<Path> runDirs) {
    write(reportFile, runDirs, null);
  }

  /**
   * Writes the report of {@code runDirs} with page title {@code title} ({@value #DEFAULT_TITLE} if
   * null or blank) to {@code reportFile}, atomically. Every run directory is read before anything
   * is written, so a bad one leaves an existing report untouched.
   *
   * @throws IllegalArgumentException if {@code runDirs} is empty
   * @throws LearnoptException naming the directory or file if a run directory lacks {@code
   *     results.json} or a plot, if a file is malformed, or if the report cannot be written
   */
  public static void write(Path reportFile, List<Path> runDirs, String title) {
    AtomicFiles.writeString(reportFile, render(runDirs, title, Instant.now()));
  }

  /** The page's HTML; {@code generated} is the time it shows. */
  static String render(List<Path> runDirs, String title, Instant generated) {
    if (runDirs.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one run directory");
    }
    List<Experiment> experiments = new ArrayList<>();
    for (Path dir : runDirs) {
      experiments.add(Experiment.read(dir));
    }
    String pageTitle = title == null || title.isBlank() ? DEFAULT_TITLE : title.strip();
    StringBuilder html = new StringBuilder(1 << 16);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"learnopt ")
        .append(Html.escape(Version.get()))
        .append("\">\n<title>")
        .append(Html.escape(pageTitle))
        .append("</title>\n<style>\n")
        .append(ReportStyle.CSS)
        .append("</style>\n</head>\n<body>\n<div class=\"page\">\n<header>\n<h1>")
        .append(Html.escape(pageTitle))
        .append("</h1>\n<p class=\"meta\">Generated ")
        .append(TIME.format(generated))
        .append(" by learnopt ")
        .append(Html.escape(Version.get()))
        .append(" · ")
        .append(experiments.size())
        .append(experiments.size() == 1 ? " experiment" : " experiments")
        .append("</p>\n");
    tableOfContents(html, experiments);
    html.append("</header>\n<main>\n");
    for (int i = 0; i < experiments.size(); i++) {
      section(html, experiments.get(i), i + 1);
    }
    return html.append(
            "</main>\n<footer>Self-contained report: every plot is embedded in this file.")
        .append("</footer>\n</div>\n</body>\n</html>\n")
        .toString();
  }

  private static void tableOfContents(StringBuilder html, List<Experiment> experiments) {
    html.append("<nav class=\"toc\">\n<h2>Contents</h2>\n<ol>\n");
    for (int i = 0; i < experiments.size(); i++) {
      Experiment e = experiments.get(i);
      html.append("<li><a href=\"#")
          .append(anchor(i + 1))
          .append("\">")
          .append(Html.escape(heading(e)))
          .append("</a>");
      int best = OptimizerTable.best(e.optimizers());
      if (best >= 0) {
        var winner = e.optimizers().get(best);
        html.append(" <span class=\"toc-best\">— best: ")
            .append(Html.escape(winner.name()))
            .append(String.format(Locale.ROOT, ", mean final loss %.4g", winner.mean()))
            .append("</span>");
      }
      html.append("</li>\n");
    }
    html.append("</ol>\n</nav>\n");
  }

  private static void section(StringBuilder html, Experiment e, int number) {
    html.append("<section class=\"experiment\" id=\"")
        .append(anchor(number))
        .append("\">\n<h2><span class=\"number\">")
        .append(number)
        .append(".</span>")
        .append(Html.escape(heading(e)))
        .append("</h2>\n<p class=\"subtitle\">")
        .append(Html.escape(summary(e)))
        .append("</p>\n");
    if (e.notes() != null && !e.notes().isBlank()) {
      html.append("<p class=\"notes\">").append(Html.escape(e.notes().strip())).append("</p>\n");
    }
    String prefix = "e" + number + "-";
    html.append(
        Figure.html(
            mainPlot(e.dir()),
            prefix + "loss-",
            "Mean loss versus step (log scale); band: 95% confidence interval of the mean."));
    html.append(OptimizerTable.html(e));
    for (int i = 0; i < e.extraPlots().size(); i++) {
      String name = e.extraPlots().get(i);
      html.append(Figure.html(extraPlot(e.dir(), name), prefix + "x" + (i + 1) + "-", name));
    }
    settings(html, e);
    html.append("<h3>Reproduce</h3>\n");
    if (e.command() == null || e.command().isBlank()) {
      html.append("<p class=\"missing\">results.json records no command.</p>\n");
    } else {
      html.append("<pre class=\"command\"><code>")
          .append(Html.escape(e.command().strip()))
          .append("</code></pre>\n");
    }
    html.append("</section>\n");
  }

  private static void settings(StringBuilder html, Experiment e) {
    html.append("<h3>Settings</h3>\n<dl class=\"settings\">\n");
    setting(html, "problem", e.problem());
    setting(html, "steps", Long.toString(e.steps()));
    setting(html, "tasks", e.tasks() == null ? null : e.tasks().toString());
    setting(html, "seed", e.seed() == null ? null : e.seed().toString());
    setting(html, "learnopt_version", e.version());
    setting(html, "run directory", e.dir().toString());
    html.append("</dl>\n");
  }

  private static void setting(StringBuilder html, String name, String value) {
    html.append("<dt>")
        .append(Html.escape(name))
        .append("</dt><dd>")
        .append(Html.escape(value == null ? "—" : value))
        .append("</dd>\n");
  }

  /** The title from results.json, else e.g. "quadratic, 100 steps". */
  static String heading(Experiment e) {
    return e.title() != null && !e.title().isBlank()
        ? e.title().strip()
        : e.problem() + ", " + e.steps() + " steps";
  }

  private static String summary(Experiment e) {
    StringBuilder s =
        new StringBuilder(e.problem()).append(" · ").append(e.steps()).append(" steps");
    if (e.tasks() != null) {
      s.append(" · ").append(e.tasks()).append(" test tasks");
    }
    if (e.seed() != null) {
      s.append(" · seed ").append(e.seed());
    }
    return s.toString();
  }

  private static String anchor(int number) {
    return "experiment-" + number;
  }

  private static Path mainPlot(Path dir) {
    for (String name : List.of("loss.svg", "loss.png")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
    }
    throw new LearnoptException(
        "run directory "
            + dir
            + " has neither loss.svg nor loss.png; rerun 'learnopt eval' to"
            + " recreate the plots");
  }

  /** A file named in extra_plots: it must be inside the run directory and exist. */
  private static Path extraPlot(Path dir, String name) {
    Path base = dir.toAbsolutePath().normalize();
    Path file = base.resolve(name).normalize();
    if (name.isBlank() || !file.startsWith(base) || file.equals(base)) {
      throw new LearnoptException(
          dir.resolve(Experiment.RESULTS)
              + ": extra_plots entry \""
              + name
              + "\" must name a file inside the run directory");
    }
    if (!Files.isRegularFile(file)) {
      throw new LearnoptException(
          dir.resolve(name)
              + " is listed in extra_plots of "
              + dir.resolve(Experiment.RESULTS)
              + " but does not exist");
    }
    return file;
  }
}
