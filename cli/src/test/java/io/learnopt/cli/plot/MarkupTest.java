package io.learnopt.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Escaping for the HTML report and the SVG figures: one rule that is valid in both. */
class MarkupTest {
  @ParameterizedTest(name = "{2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "a <b> & c|a &lt;b&gt; &amp; c|markup characters",
        "say \"hi\" 'there'|say &quot;hi&quot; &#39;there&#39;|both quotes, for attributes",
        "größe 😀 \u2003|größe 😀 \u2003|other text as is",
      })
  void escapesMarkup(String text, String escaped, String what) {
    assertEquals(escaped, Markup.escape(text));
  }

  @ParameterizedTest(name = "U+{0}")
  @CsvSource({"0000", "0001", "001B", "007F", "D800", "DFFF", "FFFE", "FFFF"})
  void dropsWhatHtmlOrXmlForbids(String hex) {
    assertEquals("ab", Markup.escape("a" + (char) Integer.parseInt(hex, 16) + "b"));
  }

  @ParameterizedTest(name = "U+{0}")
  @CsvSource({"0009", "000A", "000D"})
  void keepsTabAndLineBreaks(String hex) {
    String text = "a" + (char) Integer.parseInt(hex, 16) + "b";
    assertEquals(text, Markup.escape(text));
  }
}
