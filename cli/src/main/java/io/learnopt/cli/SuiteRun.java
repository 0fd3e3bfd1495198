package io.learnopt.cli;

import io.learnopt.UsageException;
import io.learnopt.cli.plot.TextTable;
import io.learnopt.cli.report.HtmlReport;
import io.learnopt.eval.Comparison;
import io.learnopt.eval.Contender;
import io.learnopt.eval.Evaluator;
import io.learnopt.eval.RunCache;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A suite of comparisons, the learned optimizers against every tuned baseline on each setting: one
 * directory per setting, a summary table and report.html, shared by {@code paper} and {@code
 * generalize}. The report covers every setting of the suite whose results are in the output
 * directory, so a long suite can be run a part at a time; each (optimizer, task) run is kept in the
 * setting's {@code runs/} directory ({@link RunCache}), so a stopped suite resumes and the grid
 * searches are not redone when another learned optimizer is compared later.
 */
final class SuiteRun {
  private SuiteRun() {}

  /**
   * One comparison of a suite.
   *
   * @param id its directory name
   * @param problem the problem spec
   * @param steps optimizer steps per task
   * @param tasks test tasks
   * @param tuneTasks tuning tasks per baseline learning rate
   * @param title the report's heading for it
   */
  record Item(String id, String problem, int steps, int tasks, int tuneTasks, String title) {}

  /** Where and how to run: the output directory, data, seed, threads and command line. */
  record Where(
      Path out,
      Path dataDir,
      long seed,
      int threads,
      String command,
      String title,
      Evaluator.Runner runner) {
    Where(Path out, Path dataDir, long seed, int threads, String command, String title) {
      this(out, dataDir, seed, threads, command, title, null);
    }
  }

  /**
   * The members of {@code all} named in {@code ids} (comma-separated, {@code --settings}), in the
   * suite's order; all of them for null.
   *
   * @param suite the suite's name for the error, e.g. "for conv", or ""
   * @throws UsageException naming an unknown id and the known ones
   */
  static <T> List<T> select(List<T> all, Function<T, String> idOf, String ids, String suite) {
    if (ids == null) {
      return all;
    }
    List<String> known = all.stream().map(idOf).toList();
    List<String> asked = List.of(ids.split(",", -1));
    for (String id : asked) {
      if (!known.contains(id)) {
        throw new UsageException(
            "unknown setting '"
                + id
                + "' in --settings"
                + (suite.isEmpty() ? "" : " " + suite)
                + ": choose from "
                + known);
      }
    }
    return all.stream().filter(e -> asked.contains(idOf.apply(e))).toList();
  }

  /**
   * Runs {@code items} (a part of {@code all}) with the {@code learned} optimizers and every tuned
   * baseline, then writes the report over every item of {@code all} that has results.
   */
  static void run(
      List<Item> items, List<Item> all, List<Contender> learned, Where where, PrintStream out) {
    List<String> learnedNames = learned.stream().map(Contender::name).toList();
    List<String> header = new ArrayList<>(List.of("setting", "tasks", "steps"));
    header.addAll(learnedNames);
    header.addAll(
        List.of(
            "adam",
            "best baseline",
            "its mean final loss",
            learnedNames.get(0) + " beats adam",
            learnedNames.get(0) + " beats all"));
    TextTable summary = new TextTable(header.toArray(String[]::new));
    List<Path> ran = new ArrayList<>();
    for (Item e : items) {
      out.printf(Locale.ROOT, "%n== %s: %s ==%n", e.id(), e.title());
      Problem problem = Problems.parse(e.problem(), where.dataDir());
      List<Contender> contenders = new ArrayList<>(learned);
      for (String name : EvalCommand.ALL_BASELINES.split(",")) {
        contenders.add(new Contender.Tuned(name));
      }
      Path dir = where.out().resolve(e.id());
      Comparison.Result result =
          EvaluationSession.run(
              problem,
              contenders,
              new EvaluationSession.Settings(
                  e.steps(),
                  e.tasks(),
                  e.tuneTasks(),
                  where.seed(),
                  where.threads(),
                  e.title(),
                  cached(where, dir)),
              dir,
              where.command(),
              out);
      ran.add(dir);
      summary.addRow(summaryRow(e, learnedNames, result));
    }
    List<Path> reported = new ArrayList<>();
    for (Item e : all) {
      Path dir = where.out().resolve(e.id());
      if (ran.contains(dir) || Files.exists(dir.resolve("results.json"))) {
        reported.add(dir);
      }
    }
    Path report = where.out().resolve("report.html");
    HtmlReport.write(report, reported, where.title(), learnedNames);
    out.printf("%nMean final loss per setting:%n");
    out.print(summary.render());
    out.printf("%nReport: %s%n", report);
  }

  /**
   * The runner of {@code where} behind a cache in {@code dir}/runs, so that a stopped suite resumes
   * and a later one with another learned optimizer reuses every other run.
   */
  private static Evaluator.Runner cached(Where where, Path dir) {
    Evaluator.Runner inner =
        where.runner() != null ? where.runner() : Evaluator.localRunner(where.threads());
    String data =
        where.dataDir() == null
            ? "shipped"
            : where.dataDir().toAbsolutePath().normalize().toString();
    return new RunCache(dir.resolve("runs"), "data=" + data, inner);
  }

  static List<String> summaryRow(Item item, List<String> learnedNames, Comparison.Result result) {
    double[] learned = new double[learnedNames.size()];
    String bestName = "-";
    double best = Double.POSITIVE_INFINITY;
    double adam = Double.NaN;
    for (Comparison.Entry entry : result.entries()) {
      double mean = entry.curves().finalSummary().mean();
      int k = learnedNames.indexOf(entry.name());
      if (k >= 0) {
        learned[k] = mean;
        continue;
      }
      if (entry.name().equals("adam")) {
        adam = mean;
      }
      if (mean < best) {
        best = mean;
        bestName = entry.name();
      }
    }
    List<String> row =
        new ArrayList<>(
            List.of(item.id(), Integer.toString(item.tasks()), Integer.toString(item.steps())));
    for (double v : learned) {
      row.add(number(v));
    }
    row.add(number(adam));
    row.add(bestName);
    row.add(number(best));
    row.add(learned[0] < adam ? "yes" : "no");
    row.add(learned[0] < best ? "yes" : "no");
    return row;
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
