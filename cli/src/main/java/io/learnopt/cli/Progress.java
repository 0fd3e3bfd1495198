package io.learnopt.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr: Unicode blocks in a terminal, plain ASCII when output is redirected. */
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
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .setUpdateIntervalMillis(terminal ? 250 : 5000)
        .showSpeed()
        .build();
  }
}
