package io.learnopt.cli.report;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code learnopt report}: gathers eval and few-shot eval run directories into one self-contained
 * HTML page.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write one self-contained HTML page (no network access needed: styles and plots are "
          + "embedded) summarizing run directories of 'learnopt eval' (the loss plot and a table "
          + "of the optimizers) and of 'learnopt fewshot eval' (a table of accuracies with 95%% "
          + "CIs and, if --plot-gates made them, the meta-learner LSTM's gate figures). Each "
          + "section highlights the best entry and ends with its settings and the command that "
          + "reproduces it.",
      "",
      "Example:",
      "  learnopt report runs/quad-eval runs/poly-eval --title 'Quadratics and polynomials' \\",
      "      --out runs/report.html",
      "  learnopt report runs/fs-5w1s runs/fs-5w5s runs/fs-official --out runs/fewshot.html"
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN_DIR",
      description =
          "Directories written by 'learnopt eval --out' or 'learnopt fewshot eval --out', in the"
              + " order to show them.")
  List<Path> runDirs;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "report.html",
      description = "The HTML file to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--title",
      defaultValue = HtmlReport.DEFAULT_TITLE,
      description = "Page title (default: ${DEFAULT-VALUE}).")
  String title;

  @Override
  public Integer call() {
    io.learnopt.cli.OutputPaths.directory("--out", out.toAbsolutePath().getParent());
    HtmlReport.write(out, runDirs, title);
    spec.commandLine()
        .getOut()
        .println(
            "Report: "
                + out
                + " ("
                + runDirs.size()
                + (runDirs.size() == 1 ? " experiment" : " experiments")
                + ")");
    return 0;
  }
}
