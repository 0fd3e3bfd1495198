package io.learnopt.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * Progress for a stderr that is not a terminal (CI logs, files): one complete line per update, e.g.
 * {@code evaluate 45% 32/70 runs, 0:00:12 elapsed, ~0:00:15 left, 2.7 runs/s, adam lr=0.1}.
 *
 * <p>It is both the renderer and the consumer because the library's own pair is made for a
 * terminal: its renderer draws a bar as wide as the consumer allows and cuts what does not fit (the
 * extra message first), and it renders again when the bar is closed, which in a log repeats the
 * last line. Here nothing is cut, and a line is printed only when the count or the message changed
 * since the last one, so the final line appears once.
 */
final class ProgressLines implements ProgressBarRenderer, ProgressBarConsumer {
  private final PrintStream out;
  private final String unit;
  private String lastKey;

  ProgressLines(PrintStream out, String unit) {
    this.out = out;
    this.unit = unit;
  }

  @Override
  public synchronized String render(ProgressState state, int maxLength) {
    String key = state.getCurrent() + "/" + state.getMax() + " " + state.getExtraMessage();
    if (key.equals(lastKey)) {
      return ""; // nothing new: accept() skips it
    }
    lastKey = key;
    long current = state.getCurrent();
    long max = state.getMax();
    Duration elapsed = state.getTotalElapsed();
    StringBuilder line = new StringBuilder(state.getTaskName());
    if (max > 0) {
      line.append(String.format(Locale.ROOT, " %d%%", Math.min(100, 100 * current / max)));
    }
    line.append(' ').append(current);
    if (max > 0) {
      line.append('/').append(max);
    }
    line.append(' ').append(unit).append(", ").append(clock(elapsed)).append(" elapsed");
    double seconds = elapsed.toMillis() / 1000.0;
    if (current > 0 && max > current) {
      long left = Math.round(seconds * (max - current) / current);
      line.append(", ~").append(clock(Duration.ofSeconds(left))).append(" left");
    }
    if (current > 0 && seconds > 0) {
      line.append(String.format(Locale.ROOT, ", %.3g %s/s", current / seconds, unit));
    }
    String extra = state.getExtraMessage();
    if (extra != null && !extra.isBlank()) {
      line.append(", ").append(extra.strip());
    }
    return line.toString();
  }

  @Override
  public int getMaxRenderedLength() {
    return Integer.MAX_VALUE; // unused by render(): a log line is never cut
  }

  @Override
  public synchronized void accept(String line) {
    if (!line.isEmpty()) {
      out.println(line);
    }
  }

  @Override
  public void close() {
    out.flush();
  }

  private static String clock(Duration d) {
    long s = d.toSeconds();
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
