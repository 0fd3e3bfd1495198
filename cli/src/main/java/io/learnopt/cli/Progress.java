package io.learnopt.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on stderr: a live Unicode bar in a terminal; when stderr is redirected (CI logs,
 * files) one plain ASCII line every few seconds instead of carriage-return redraws.
 */
final class Progress {
  private Progress() {}

  static ProgressBar bar(String task, long total, String unit) {
    PrintStream err = System.err;
    boolean terminal = System.console() != null;
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
        .setConsumer(
            terminal
                ? new ConsoleProgressBarConsumer(err)
                : new DelegatingProgressBarConsumer(err::println, 100))
        .setUpdateIntervalMillis(terminal ? 250 : 5000)
        .showSpeed()
        .build();
  }
}
