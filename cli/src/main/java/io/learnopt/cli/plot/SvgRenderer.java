package io.learnopt.cli.plot;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Graphics2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Renders a figure (an XChart chart and what is drawn around it) to SVG with VectorGraphics2D —
 * what XChart's own {@code VectorGraphicsEncoder} does, whose methods are deprecated in 4.0 — and
 * adds a {@code <title>} and {@code <desc>}. XChart draws every label as glyph outlines, so without
 * them the file would contain no searchable or screen-readable text at all.
 */
final class SvgRenderer {
  private SvgRenderer() {}

  /** The SVG document of what {@code painter} draws on a {@code width} × {@code height} page. */
  static byte[] render(
      Consumer<Graphics2D> painter, int width, int height, String title, String description)
      throws IOException {
    VectorGraphics2D g = new VectorGraphics2D();
    painter.accept(g);
    PageSize page = new PageSize(0, 0, width, height);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SVGProcessor().getDocument(g.getCommands(), page).writeTo(out);
    String svg = out.toString(StandardCharsets.UTF_8);
    int open = svg.indexOf("<svg");
    int end = open < 0 ? -1 : svg.indexOf('>', open);
    if (end < 0) {
      throw new IOException("VectorGraphics2D produced no <svg> element");
    }
    String meta =
        "\n  <title>"
            + Markup.escape(title)
            + "</title>\n  <desc>"
            + Markup.escape(description)
            + "</desc>";
    return (svg.substring(0, end + 1) + meta + svg.substring(end + 1))
        .getBytes(StandardCharsets.UTF_8);
  }
}
