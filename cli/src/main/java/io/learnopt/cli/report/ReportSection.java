package io.learnopt.cli.report;

import java.nio.file.Path;

/** One section of the report: the results of one run directory, of either kind. */
sealed interface ReportSection permits EvalSection, FewShotSection {
  /** The section's title, also its table-of-contents entry. */
  String heading();

  /** What the table of contents says about the best entry, or null if there is none. */
  String bestNote();

  /** Appends the section's HTML; {@code number} is its position on the page, from 1. */
  void appendTo(StringBuilder html, int number);

  /**
   * Reads {@code dir}: a {@code learnopt fewshot eval} directory if its results.json records the
   * ways, else a {@code learnopt eval} one.
   *
   * @throws io.learnopt.LearnoptException naming the directory or file if it is missing, malformed
   *     or lacks a plot it needs
   */
  static ReportSection read(Path dir) {
    ResultsJson json = ResultsJson.read(dir);
    return json.isFewShot()
        ? new FewShotSection(FewShotResults.of(dir, json))
        : new EvalSection(Experiment.of(dir, json));
  }
}
