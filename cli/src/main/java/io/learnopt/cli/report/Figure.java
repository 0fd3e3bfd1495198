package io.learnopt.cli.report;

import io.learnopt.LearnoptException;
import io.learnopt.cli.plot.Markup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/** A plot file as a {@code <figure>}: an SVG inline, a PNG as a base64 {@code data:} URL. */
final class Figure {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private Figure() {}

  /** Whether {@code file}'s name says it is a plot this class can embed (.svg or .png). */
  static boolean isSupported(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".svg") || name.endsWith(".png");
  }

  /**
   * The {@code <figure>} for {@code file} with an escaped {@code caption}; {@code idPrefix} keeps
   * an SVG's ids apart from those of other plots on the page.
   *
   * @throws LearnoptException naming the file if it cannot be read or is not an SVG or PNG image
   */
  static String html(Path file, String idPrefix, String caption) {
    if (!isSupported(file)) {
      throw new LearnoptException(
          file + " is neither an .svg nor a .png file; a report can only embed those");
    }
    String image =
        file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")
            ? InlineSvg.read(file, idPrefix)
            : pngImage(file, caption);
    return "<figure>\n"
        + image
        + "\n<figcaption>"
        + Markup.escape(caption)
        + "</figcaption>\n</figure>\n";
  }

  private static String pngImage(Path file, String caption) {
    byte[] png;
    try {
      png = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new LearnoptException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (png.length < PNG_MAGIC.length
        || !Arrays.equals(PNG_MAGIC, Arrays.copyOf(png, PNG_MAGIC.length))) {
      throw new LearnoptException(file + " is not a PNG image (wrong signature); regenerate it");
    }
    return "<img class=\"plot\" alt=\""
        + Markup.escape(caption)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\">";
  }
}
