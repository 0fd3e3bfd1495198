package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void redirectedOutputHasCompleteLinesAndTheFinalLineOnce() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    String message = " a long extra message " + "x".repeat(150) + " END";
    try (ProgressBar bar = Progress.bar("evaluate", 40, "runs", err, false, 10)) {
      for (int i = 0; i < 40; i++) {
        bar.step();
        bar.setExtraMessage(message);
        Thread.sleep(2);
      }
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("\r"), text);
    List<String> lines = text.lines().toList();
    assertFalse(lines.isEmpty());
    String last = lines.getLast();
    assertTrue(last.startsWith("evaluate 100% 40/40 runs"), last);
    assertTrue(last.endsWith("END"), "the line was cut: " + last);
    assertEquals(1, lines.stream().filter(l -> l.contains(" 40/40 ")).count(), text);
    for (String line : lines) {
      assertTrue(line.startsWith("evaluate "), line);
    }
  }
}
