package io.learnopt.io;

import io.learnopt.LearnoptException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the {@code sha256} metadata value sits in a safetensors header ({@link Safetensors}), and
 * the digest it is computed with.
 */
final class Checksum {
  /**
   * The key as JSON writes it, then the value. Inside a JSON string a quote is escaped, so this can
   * only match the metadata key itself, never text within another value.
   */
  private static final Pattern VALUE =
      Pattern.compile("\"" + Safetensors.CHECKSUM_KEY + "\"\\s*:\\s*\"([0-9a-f]{64})\"");

  private Checksum() {}

  /** A fresh SHA-256 digest. */
  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new LearnoptException("this JVM has no SHA-256: " + e.getMessage(), e);
    }
  }

  /**
   * The byte offset, within {@code header}, of the checksum's 64 hex digits, or −1 if the header
   * has none.
   */
  static int valueOffset(byte[] header) {
    String text = new String(header, StandardCharsets.UTF_8);
    Matcher m = VALUE.matcher(text);
    if (!m.find()) {
      return -1;
    }
    return text.substring(0, m.start(1)).getBytes(StandardCharsets.UTF_8).length;
  }
}
