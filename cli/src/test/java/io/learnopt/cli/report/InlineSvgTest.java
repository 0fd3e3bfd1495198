package io.learnopt.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.LearnoptException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class InlineSvgTest {
  @TempDir Path tmp;

  private String inline(String svg) throws Exception {
    Path file = tmp.resolve("plot.svg");
    Files.writeString(file, svg);
    return InlineSvg.read(file, "p-");
  }

  private static Element parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement();
  }

  @Test
  void keepsTheDrawingAndMakesItScaleToItsContainer() throws Exception {
    String svg = inline(RunDirs.LOSS_SVG);
    assertTrue(svg.startsWith("<svg"), svg);
    Element root = parse(svg); // still well-formed XML
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
    assertEquals("0 0 900 600", root.getAttribute("viewBox"));
    assertEquals("plot", root.getAttribute("class"));
    assertFalse(root.hasAttribute("width"));
    assertFalse(root.hasAttribute("height"));
    assertEquals(1, root.getElementsByTagNameNS("*", "clipPath").getLength());
    assertEquals(1, root.getElementsByTagNameNS("*", "path").getLength());
    assertTrue(svg.contains("<title>quadratic: mean loss</title>"), svg);
  }

  @Test
  void removesScriptsHandlersAndEverythingThatWouldFetchFromTheNetwork() throws Exception {
    String svg =
        inline(
            """
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
                 width="100" height="50" onload="alert(1)">
              <script>alert(2)</script>
              <style>@import url(https://fonts.example/x.css);</style>
              <style>.a { fill: url(#grad); }</style>
              <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
              <linearGradient id="grad"/>
              <image xlink:href="https://example.com/x.png" width="10" height="10"/>
              <image href="data:image/png;base64,AAAA" width="10" height="10"/>
              <use href="#grad"/>
              <rect style="fill: url('http://example.com/p.svg#x')" onclick="steal()"
                    width="10" height="10"/>
              <a href="javascript:alert(3)"><text>t</text></a>
            </svg>
            """);
    for (String banned :
        new String[] {
          "script", "alert", "steal", "@import", "example", "foreignObject", "javascript"
        }) {
      assertFalse(svg.contains(banned), () -> banned + " survived: " + svg);
    }
    assertEquals("0 0 100 50", parse(svg).getAttribute("viewBox"));
    assertTrue(svg.contains("id=\"p-grad\""), svg);
    assertTrue(svg.contains("href=\"#p-grad\""), svg);
    assertTrue(svg.contains("fill: url(#p-grad)"), svg);
    assertTrue(svg.contains("data:image/png;base64,AAAA"), svg);
  }

  @Test
  void neverFetchesTheDtd() throws Exception {
    // An unreachable DTD: if the parser tried to load it, this would fail or hang.
    String svg =
        inline(
            """
            <?xml version="1.0"?>
            <!DOCTYPE svg SYSTEM "http://127.0.0.1:9/none.dtd">
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3"/></svg>
            """);
    assertFalse(svg.contains("DOCTYPE"));
    assertEquals("0 0 4 3", parse(svg).getAttribute("viewBox"));
  }

  @Test
  void rejectsFilesThatAreNotSvg() {
    LearnoptException notXml =
        assertThrows(LearnoptException.class, () -> inline("<svg><g></svg>"));
    assertTrue(
        notXml.getMessage().contains("plot.svg is not a well-formed SVG"), notXml.getMessage());
    LearnoptException html =
        assertThrows(LearnoptException.class, () -> inline("<html><body/></html>"));
    assertTrue(html.getMessage().contains("root element is <html>"), html.getMessage());
  }
}
