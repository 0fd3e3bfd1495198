package io.learnopt.cli.report;

import java.nio.file.Path;

/**
 * Paths and commands as a reader of the report can use them. The launcher resolves shipped files
 * against the checkout it runs from ({@code -Dlearnopt.home}), so results record paths such as
 * {@code /home/dev/learnopt/models/fewshot/metalstm-5way-1shot.safetensors}, which exist only on
 * the machine that wrote them; shown relative to the checkout they work in any clone.
 */
final class RepoPaths {
  private RepoPaths() {}

  /** The checkout the running learnopt belongs to, or null when not started by the launcher. */
  static Path home() {
    String home = System.getProperty("learnopt.home");
    return home == null || home.isBlank() ? null : Path.of(home).toAbsolutePath().normalize();
  }

  /** {@code text} with every path inside {@code home} made relative to it. */
  static String relative(String text, Path home) {
    if (text == null || home == null || home.getNameCount() == 0) {
      return text; // the file-system root is no checkout: leave absolute paths alone
    }
    String prefix = home.toString();
    return text.replace(prefix + home.getFileSystem().getSeparator(), "");
  }

  /** {@code text} with paths inside the running checkout made relative to it. */
  static String relative(String text) {
    return relative(text, home());
  }

  /**
   * The command a results.json recorded, as a reader runs it from the root of a clone: paths in the
   * checkout relative, and the launcher script {@code ./learnopt} for {@code learnopt}, which a
   * clone does not put on the PATH.
   */
  static String command(String recorded, Path home) {
    String command = relative(recorded.strip(), home);
    return command.startsWith("learnopt ") ? "./" + command : command;
  }
}
