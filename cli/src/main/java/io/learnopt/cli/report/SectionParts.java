package io.learnopt.cli.report;

import io.learnopt.cli.plot.Markup;
import java.util.Map;

/** The pieces every report section shares: its opening, settings list and reproduce block. */
final class SectionParts {
  private SectionParts() {}

  /** The id of section {@code number}, the target of its table-of-contents link. */
  static String anchor(int number) {
    return "experiment-" + number;
  }

  /** Opens the section: numbered heading, subtitle and, if not blank, the notes. */
  static void open(StringBuilder html, int number, String heading, String subtitle, String notes) {
    html.append("<section class=\"experiment\" id=\"")
        .append(anchor(number))
        .append("\">\n<h2><span class=\"number\">")
        .append(number)
        .append(".</span>")
        .append(Markup.escape(heading))
        .append("</h2>\n<p class=\"subtitle\">")
        .append(Markup.escape(subtitle))
        .append("</p>\n");
    if (notes != null && !notes.isBlank()) {
      html.append("<p class=\"notes\">").append(Markup.escape(notes.strip())).append("</p>\n");
    }
  }

  /** The settings as a definition list; a null value shows as a dash. */
  static void settings(StringBuilder html, Map<String, String> settings) {
    html.append("<h3>Settings</h3>\n<dl class=\"settings\">\n");
    settings.forEach(
        (name, value) ->
            html.append("<dt>")
                .append(Markup.escape(name))
                .append("</dt><dd>")
                .append(Markup.escape(value == null ? "—" : value))
                .append("</dd>\n"));
    html.append("</dl>\n");
  }

  /**
   * The command that reproduces the run, as one runs it from the root of a clone ({@link
   * RepoPaths#command}), then closes the section.
   */
  static void reproduceAndClose(StringBuilder html, String command) {
    html.append("<h3>Reproduce</h3>\n");
    if (command == null || command.isBlank()) {
      html.append("<p class=\"missing\">results.json records no command.</p>\n");
    } else {
      html.append("<pre class=\"command\"><code>")
          .append(Markup.escape(RepoPaths.command(command, RepoPaths.home())))
          .append("</code></pre>\n");
    }
    html.append("</section>\n");
  }
}
