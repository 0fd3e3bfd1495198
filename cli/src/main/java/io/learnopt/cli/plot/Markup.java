package io.learnopt.cli.plot;

/** Text for the HTML pages and SVG figures we write: escaped for both languages at once. */
public final class Markup {
  private Markup() {}

  /**
   * {@code text} safe to place in element content or in a double- or single-quoted attribute of an
   * HTML or XML (SVG) document: the five markup characters become entities, and the characters
   * either language forbids are dropped (control characters other than tab, newline and carriage
   * return; DEL; unpaired surrogates; U+FFFE and U+FFFF).
   */
  public static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                  if (allowed(c)) {
                    sb.appendCodePoint(c);
                  }
                }
              }
            });
    return sb.toString();
  }

  /** XML 1.0's Char production, less DEL, which HTML forbids. */
  private static boolean allowed(int c) {
    return c == '\t'
        || c == '\n'
        || c == '\r'
        || (c >= 0x20 && c <= 0xD7FF && c != 0x7F)
        || (c >= 0xE000 && c <= 0xFFFD)
        || c >= 0x10000;
  }
}
