package io.learnopt.cli.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * A plot's title, wrapped to the figure's width and drawn above the chart. XChart draws its title
 * on one line centred over the plot area, so a long title — a problem spec such as {@code
 * mnist-mlp:hidden=20,20,act=sigmoid,batch=128} followed by what the bands mean — ran off both
 * edges of the image. Lines break at spaces, and inside a word too wide for a line after a comma,
 * colon, equals sign or slash; beyond {@link #MAX_LINES} the last line ends in an ellipsis (the
 * SVG's {@code <title>} keeps the whole text).
 */
final class PlotTitle {
  static final Font FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  static final int MAX_LINES = 3;

  /** Empty space left and right of the longest line, and above the first. */
  static final int MARGIN = 12;

  private static final String ELLIPSIS = "…";
  private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);
  private static final double LINE_HEIGHT = 1.3 * FONT.getSize2D();

  private final List<String> lines;

  private PlotTitle(List<String> lines) {
    this.lines = List.copyOf(lines);
  }

  /** {@code title} wrapped for a figure {@code figureWidth} wide. */
  static PlotTitle of(String title, int figureWidth) {
    return new PlotTitle(wrap(title.strip(), figureWidth - 2.0 * MARGIN));
  }

  List<String> lines() {
    return lines;
  }

  /** The height of the band the title takes at the top of the figure. */
  int height() {
    return lines.isEmpty() ? 0 : (int) Math.ceil(MARGIN + lines.size() * LINE_HEIGHT);
  }

  /**
   * Draws the lines centred in a band {@code figureWidth} wide at the top of {@code g}, as glyph
   * outlines like XChart's own labels: SVG text would be set in whatever font the viewer has, whose
   * widths the wrapping did not measure.
   */
  void paint(Graphics2D g, int figureWidth) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    double baseline = MARGIN + FONT.getSize2D();
    for (String line : lines) {
      TextLayout layout = new TextLayout(line, FONT, CONTEXT);
      double x = (figureWidth - width(line)) / 2;
      g.fill(layout.getOutline(AffineTransform.getTranslateInstance(x, baseline)));
      baseline += LINE_HEIGHT;
    }
  }

  /** The rendered width of {@code text} in {@link #FONT}. */
  static double width(String text) {
    return FONT.getStringBounds(text, CONTEXT).getWidth();
  }

  /** A piece of the title that no line break may split; joined with a space or without. */
  private record Piece(String text, boolean spaceBefore) {}

  static List<String> wrap(String title, double maxWidth) {
    List<Piece> pieces = new ArrayList<>();
    for (String word : title.split("\\s+")) {
      if (!word.isEmpty()) {
        pieces.addAll(split(word, maxWidth));
      }
    }
    List<String> lines = new ArrayList<>();
    String line = "";
    for (Piece piece : pieces) {
      String candidate =
          line.isEmpty() ? piece.text() : line + (piece.spaceBefore() ? " " : "") + piece.text();
      if (!line.isEmpty() && width(candidate) > maxWidth) {
        lines.add(line);
        line = piece.text();
      } else {
        line = candidate;
      }
    }
    if (!line.isEmpty()) {
      lines.add(line);
    }
    if (lines.size() <= MAX_LINES) {
      return lines;
    }
    List<String> kept = new ArrayList<>(lines.subList(0, MAX_LINES));
    String last = kept.getLast();
    while (!last.isEmpty() && width(last + ELLIPSIS) > maxWidth) {
      last = last.substring(0, last.length() - 1);
    }
    kept.set(MAX_LINES - 1, last.stripTrailing() + ELLIPSIS);
    return kept;
  }

  /**
   * A word as one piece if it fits, else cut after commas, colons, equals signs and slashes (where
   * a spec or path reads naturally across lines) into pieces that fit, and anywhere as a last
   * resort.
   */
  private static List<Piece> split(String word, double maxWidth) {
    if (width(word) <= maxWidth) {
      return List.of(new Piece(word, true));
    }
    List<Piece> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!piece.isEmpty() && width(piece.toString() + c) > maxWidth) {
        pieces.add(new Piece(piece.toString(), pieces.isEmpty()));
        piece.setLength(0);
      }
      piece.append(c);
      if (c == ',' || c == ':' || c == '=' || c == '/') {
        pieces.add(new Piece(piece.toString(), pieces.isEmpty()));
        piece.setLength(0);
      }
    }
    if (!piece.isEmpty()) {
      pieces.add(new Piece(piece.toString(), pieces.isEmpty()));
    }
    return pieces;
  }
}
