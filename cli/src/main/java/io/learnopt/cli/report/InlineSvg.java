package io.learnopt.cli.report;

import io.learnopt.LearnoptException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * An SVG file turned into an {@code <svg>} element that can sit inside an HTML page:
 *
 * <ul>
 *   <li>the XML prolog and DOCTYPE are dropped (the DTD is never fetched);
 *   <li>the fixed {@code width}/{@code height} give way to a {@code viewBox}, so the plot scales
 *       to its container's width and keeps its aspect ratio;
 *   <li>every {@code id} gets a per-figure prefix, and {@code url(#…)}/{@code href="#…"}
 *       references follow, because all inline SVGs share the page's id space: two plots that
 *       both define {@code clip1} would otherwise clip each other's curves;
 *   <li>anything that could run code or reach the network is removed: {@code <script>}, {@code
 *       <foreignObject>}, {@code on*} handlers, non-local links and {@code url(…)}s, {@code
 *       @import}.
 * </ul>
 */
final class InlineSvg {
  private static final String SVG_NS = "http://www.w3.org/2000/svg";
  private static final List<String> UNSAFE_ELEMENTS =
      List.of("script", "foreignObject", "iframe", "object", "embed");

  /** {@code url(#id)} with optional quotes; group 2 is the id. */
  private static final Pattern LOCAL_URL =
      Pattern.compile("url\\(\\s*(['\"]?)#([^'\")\\s]+)\\1\\s*\\)");

  /** A {@code url(…)} whose target is not a fragment or an embedded image: a network fetch. */
  private static final Pattern REMOTE_URL =
      Pattern.compile("url\\(\\s*['\"]?(?!#|data:image/)", Pattern.CASE_INSENSITIVE);

  private static final Pattern LENGTH = Pattern.compile("\\s*([0-9]*\\.?[0-9]+)\\s*(px)?\\s*");

  private InlineSvg() {}

  /**
   * The sanitized {@code <svg>} element of {@code file}, with ids prefixed by {@code idPrefix}.
   *
   * @throws LearnoptException naming the file if it cannot be read or is not an SVG document
   */
  static String read(Path file, String idPrefix) {
    Document doc = parse(file);
    Element svg = doc.getDocumentElement();
    if (!"svg".equals(svg.getLocalName())) {
      throw new LearnoptException(
          file + " is not an SVG image (its root element is <" + svg.getTagName() + ">)");
    }
    removeUnsafe(svg);
    prefixIds(svg, idPrefix);
    makeScalable(svg);
    return serialize(svg, file);
  }

  private static Document parse(Path file) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setValidating(false);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null); // errors become exceptions, not stderr noise
      return builder.parse(file.toFile());
    } catch (SAXException e) {
      throw new LearnoptException(
          file + " is not a well-formed SVG file: " + e.getMessage() + "; regenerate the plot", e);
    } catch (IOException e) {
      throw new LearnoptException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
    }
  }

  private static void removeUnsafe(Element element) {
    NamedNodeMap attributes = element.getAttributes();
    for (int i = attributes.getLength() - 1; i >= 0; i--) {
      Attr attr = (Attr) attributes.item(i);
      String name = attr.getLocalName() == null ? attr.getName() : attr.getLocalName();
      String value = attr.getValue();
      boolean handler = name.toLowerCase(Locale.ROOT).startsWith("on");
      boolean remoteLink =
          name.equals("href") && !value.startsWith("#") && !value.startsWith("data:image/");
      boolean remoteUrl = REMOTE_URL.matcher(value).find();
      if (handler || remoteLink || remoteUrl) {
        element.removeAttributeNode(attr);
      }
    }
    NodeList children = element.getChildNodes();
    for (int i = children.getLength() - 1; i >= 0; i--) {
      Node child = children.item(i);
      if (child instanceof Element e) {
        String name = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
        boolean unsafeStyle =
            name.equals("style")
                && (e.getTextContent().contains("@import")
                    || REMOTE_URL.matcher(e.getTextContent()).find());
        if (UNSAFE_ELEMENTS.contains(name) || unsafeStyle) {
          element.removeChild(e);
        } else {
          removeUnsafe(e);
        }
      } else if (child.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
        element.removeChild(child);
      }
    }
  }

  private static void prefixIds(Element svg, String prefix) {
    Map<String, String> renamed = new HashMap<>();
    forEachElement(
        svg,
        e -> {
          if (e.hasAttribute("id")) {
            String id = e.getAttribute("id");
            renamed.put(id, prefix + id);
            e.setAttribute("id", prefix + id);
          }
        });
    if (renamed.isEmpty()) {
      return;
    }
    forEachElement(
        svg,
        e -> {
          NamedNodeMap attributes = e.getAttributes();
          for (int i = 0; i < attributes.getLength(); i++) {
            Attr attr = (Attr) attributes.item(i);
            String value = attr.getValue();
            String name = attr.getLocalName() == null ? attr.getName() : attr.getLocalName();
            if (name.equals("href") && value.startsWith("#")) {
              String target = renamed.get(value.substring(1));
              if (target != null) {
                attr.setValue("#" + target);
              }
            } else if (value.contains("url(")) {
              attr.setValue(renameUrls(value, renamed));
            }
          }
          if (e.getLocalName() != null && e.getLocalName().equals("style")) {
            e.setTextContent(renameUrls(e.getTextContent(), renamed));
          }
        });
  }

  private static String renameUrls(String text, Map<String, String> renamed) {
    Matcher m = LOCAL_URL.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String target = renamed.getOrDefault(m.group(2), m.group(2));
      m.appendReplacement(sb, Matcher.quoteReplacement("url(#" + target + ")"));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Width and height become a viewBox (if there is none) and the page's CSS sizes the plot. */
  private static void makeScalable(Element svg) {
    if (!svg.hasAttribute("viewBox")) {
      Matcher w = LENGTH.matcher(svg.getAttribute("width"));
      Matcher h = LENGTH.matcher(svg.getAttribute("height"));
      if (w.matches() && h.matches()) {
        svg.setAttribute("viewBox", "0 0 " + w.group(1) + " " + h.group(1));
      }
    }
    for (String attribute : List.of("width", "height", "x", "y")) {
      svg.removeAttribute(attribute);
    }
    svg.setAttribute("class", "plot");
    svg.setAttribute("role", "img");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    if (!svg.hasAttribute("xmlns")) {
      svg.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", SVG_NS);
    }
  }

  private static String serialize(Element svg, Path file) {
    try {
      Transformer transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      transformer.setOutputProperty(OutputKeys.METHOD, "xml");
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(svg), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new LearnoptException(
          "cannot convert " + file + " to inline SVG: " + e.getMessage(), e);
    }
  }

  private static void forEachElement(Element root, Consumer<Element> action) {
    action.accept(root);
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element child) {
        forEachElement(child, action);
      }
    }
  }
}
