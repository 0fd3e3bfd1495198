package io.learnopt.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on stderr: a live Unicode bar in a terminal; when stderr is redirected (CI logs,
 * files) complete plain lines, at most one every few seconds ({@link ProgressLines}), instead of
 * carriage-return redraws.
 */
final class Progress {
  private Progress() {}

  static ProgressBar bar(String task, long total, String unit) {
    boolean terminal = System.console() != null;
    return bar(task, total, unit, System.err, terminal, terminal ? 250 : 5000);
  }

  static ProgressBar bar(
      String task, long total, String unit, PrintStream err, boolean terminal, int intervalMs) {
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setUpdateIntervalMillis(intervalMs);
    if (terminal) {
      return builder
          .setUnit(" " + unit, 1)
          .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
          .setConsumer(new ConsoleProgressBarConsumer(err))
          .showSpeed()
          .build();
    }
    ProgressLines lines = new ProgressLines(err, unit);
    return builder.setRenderer(lines).setConsumer(lines).build();
  }
}
