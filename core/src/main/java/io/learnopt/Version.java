package io.learnopt;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version, recorded in every file learnopt writes. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** The version, e.g. {@code 0.1.0}. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
