package io.learnopt.cli.report;

/** HTML escaping for text and attribute values. */
final class Html {
  private Html() {}

  /**
   * {@code text} safe to place in element content or a double- or single-quoted attribute: the five
   * markup characters become entities; control characters other than tab, newline and carriage
   * return, which HTML forbids, are dropped.
   */
  static String escape(String text) {
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
                  boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
                  if (!control) {
                    sb.appendCodePoint(c);
                  }
                }
              }
            });
    return sb.toString();
  }
}
