package io.learnopt.cli.report;

import io.learnopt.LearnoptException;
import io.learnopt.Version;
import io.learnopt.cli.plot.Markup;
import io.learnopt.io.AtomicFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML page summarizing several run directories ("experiments") of {@code
 * learnopt eval} ({@link EvalSection}) and {@code learnopt fewshot eval} ({@link FewShotSection}).
 * The page needs no other file and no network: the stylesheet is inline, SVG plots are inlined
 * (sanitized, scaled to the page width) and PNG plots are base64 {@code data:} URLs.
 *
 * <p>Each section shows a numbered heading, the results table with the best entry highlighted, the
 * plots, the settings and the command that reproduces the run; a table of contents links to each
 * one. Every run directory is read (and checked) before anything is written.
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
    write(reportFile, runDirs, title, List.of());
  }

  /**
   * As above, for a suite of {@code learnopt eval} runs comparing the {@code learned} optimizers
   * (names as in the results) with tuned baselines: the page opens with a summary of the settings,
   * the first learned optimizer's wins against tuned Adam and the best baseline, and a step-cost
   * table ({@link SuiteSummary}). No summary if {@code learned} is empty.
   */
  public static void write(
      Path reportFile, List<Path> runDirs, String title, List<String> learned) {
    AtomicFiles.writeString(reportFile, render(runDirs, title, learned, Instant.now()));
  }

  /** The page's HTML; {@code generated} is the time it shows. */
  static String render(List<Path> runDirs, String title, Instant generated) {
    return render(runDirs, title, List.of(), generated);
  }

  /** The page's HTML with a suite summary for {@code learned} (none if empty). */
  static String render(List<Path> runDirs, String title, List<String> learned, Instant generated) {
    if (runDirs.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one run directory");
    }
    List<ReportSection> sections = new ArrayList<>();
    for (Path dir : runDirs) {
      sections.add(ReportSection.read(dir));
    }
    List<EvalSection> settings = new ArrayList<>();
    for (ReportSection section : sections) {
      if (section instanceof EvalSection eval) {
        settings.add(eval);
      }
    }
    String summary =
        learned.isEmpty() || settings.size() != sections.size()
            ? null
            : SuiteSummary.html(settings, learned);
    String pageTitle = title == null || title.isBlank() ? DEFAULT_TITLE : title.strip();
    StringBuilder html = new StringBuilder(1 << 16);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"learnopt ")
        .append(Markup.escape(Version.get()))
        .append("\">\n<title>")
        .append(Markup.escape(pageTitle))
        .append("</title>\n<style>\n")
        .append(ReportStyle.CSS)
        .append("</style>\n</head>\n<body>\n<div class=\"page\">\n<header>\n<h1>")
        .append(Markup.escape(pageTitle))
        .append("</h1>\n<p class=\"meta\">Generated ")
        .append(TIME.format(generated))
        .append(" by learnopt ")
        .append(Markup.escape(Version.get()))
        .append(" · ")
        .append(sections.size())
        .append(sections.size() == 1 ? " experiment" : " experiments")
        .append("</p>\n");
    tableOfContents(html, sections, summary != null);
    html.append("</header>\n<main>\n");
    if (summary != null) {
      html.append(summary);
    }
    for (int i = 0; i < sections.size(); i++) {
      sections.get(i).appendTo(html, i + 1);
    }
    return html.append(
            "</main>\n<footer>Self-contained report: every plot is embedded in this file.")
        .append("</footer>\n</div>\n</body>\n</html>\n")
        .toString();
  }

  private static void tableOfContents(
      StringBuilder html, List<ReportSection> sections, boolean summary) {
    html.append("<nav class=\"toc\">\n<h2>Contents</h2>\n");
    if (summary) {
      html.append("<p><a href=\"#").append(SuiteSummary.ANCHOR).append("\">Summary</a></p>\n");
    }
    html.append("<ol>\n");
    for (int i = 0; i < sections.size(); i++) {
      ReportSection section = sections.get(i);
      html.append("<li><a href=\"#")
          .append(SectionParts.anchor(i + 1))
          .append("\">")
          .append(Markup.escape(section.heading()))
          .append("</a>");
      String best = section.bestNote();
      if (best != null) {
        html.append(" <span class=\"toc-best\">— ").append(Markup.escape(best)).append("</span>");
      }
      html.append("</li>\n");
    }
    html.append("</ol>\n</nav>\n");
  }
}
