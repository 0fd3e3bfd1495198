package io.learnopt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The description section of every command's help, laid out so that a copied command or path never
 * breaks: prose wraps at the usage width at spaces only (picocli's own wrapping also breaks after
 * {@code .}, {@code /} and {@code -}, splitting {@code curves.csv} or {@code runs/x.html}), and a
 * line that starts with two spaces (an example command, its continuation lines) is printed as
 * written. Keep example lines within 80 columns; longer ones run past the width instead of
 * wrapping.
 */
final class HelpLayout {
  private HelpLayout() {}

  /** Installs the layout on {@code cli} and all its subcommands. */
  static void apply(CommandLine cli) {
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpLayout::description);
    for (CommandLine sub : cli.getSubcommands().values()) {
      apply(sub);
    }
  }

  /** Whether {@code line} of a description is printed as written (an example command line). */
  static boolean verbatim(String line) {
    return line.startsWith("  ");
  }

  private static String description(Help help) {
    int width = help.commandSpec().usageMessage().width();
    StringBuilder out = new StringBuilder();
    for (String line : help.commandSpec().usageMessage().description()) {
      // A description line is a format string, as picocli treats it (%n, %%).
      for (String piece : String.format(line).split("\\R", -1)) {
        if (verbatim(line)) {
          out.append(piece).append(System.lineSeparator());
        } else {
          wrap(piece, width, out);
        }
      }
    }
    return out.toString();
  }

  /**
   * Appends {@code text} in lines shorter than {@code width} (as picocli), broken at spaces only.
   */
  static void wrap(String text, int width, StringBuilder out) {
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split(" +")) {
      if (!line.isEmpty() && line.length() + 1 + word.length() >= width) {
        out.append(line).append(System.lineSeparator());
        line.setLength(0);
      }
      line.append(line.isEmpty() ? "" : " ").append(word);
    }
    out.append(line).append(System.lineSeparator());
  }
}
