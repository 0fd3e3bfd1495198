package io.learnopt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.learnopt.LearnoptException;
import io.learnopt.Version;
import io.learnopt.cli.plot.LossPlot;
import io.learnopt.cli.plot.TextTable;
import io.learnopt.eval.Comparison;
import io.learnopt.eval.LossCurves;
import io.learnopt.eval.Summary;
import io.learnopt.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a comparison's files: {@code results.json} (shape in README.md; non-finite numbers, i.e.
 * diverged runs, become null), {@code curves.csv} (long format: optimizer, step, mean, 95% CI of
 * the mean), and {@code loss.png} + {@code loss.svg}; and formats the table printed to the user.
 */
final class ResultFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultFiles() {}

  /**
   * Writes all of a comparison's files to {@code dir}; {@code models} gives the file each learned
   * optimizer was loaded from, by name, recorded in results.json as its {@code model}.
   */
  static void writeAll(
      Comparison.Result result,
      Map<String, String> models,
      Path dir,
      String command,
      String title) {
    writeJson(result, models, dir.resolve("results.json"), command, title);
    writeCsv(result, dir.resolve("curves.csv"));
    LossPlot.write(
        dir,
        "loss",
        String.format(
            Locale.ROOT,
            "%s: mean loss over %d test tasks (%s%s)",
            result.problem(),
            result.tasks(),
            ComparisonCurves.BANDS,
            ComparisonCurves.windowNote(result.steps())),
        "step",
        "loss",
        ComparisonCurves.of(result));
  }

  /**
   * Adds {@code file} (a file in {@code dir}) to the {@code extra_plots} of {@code dir}'s
   * results.json, which the report shows after the loss plot.
   */
  static void addExtraPlot(Path dir, String file) {
    Path results = dir.resolve("results.json");
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(results.toFile());
      ArrayNode extra =
          root.has("extra_plots")
              ? (ArrayNode) root.get("extra_plots")
              : root.putArray("extra_plots");
      boolean present = false;
      for (var node : extra) {
        present |= node.asText().equals(file);
      }
      if (!present) {
        extra.add(file);
      }
      AtomicFiles.write(results, out -> JSON.writeValue(out, root));
    } catch (IOException e) {
      throw new LearnoptException(results + ": cannot update: " + e.getMessage(), e);
    }
  }

  static void writeJson(
      Comparison.Result result,
      Map<String, String> models,
      Path file,
      String command,
      String title) {
    Map<String, Object> root = new LinkedHashMap<>();
    if (title != null) {
      root.put("title", title);
    }
    root.put("problem", result.problem());
    root.put("steps", result.steps());
    root.put("tasks", result.tasks());
    root.put("seed", result.seed());
    List<Object> optimizers = new ArrayList<>();
    for (Comparison.Entry e : result.entries()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", e.name());
      if (models.containsKey(e.name())) {
        o.put("model", models.get(e.name()));
      }
      o.put("lr", e.learningRate());
      Summary s = e.curves().finalSummary();
      Map<String, Object> fin = new LinkedHashMap<>();
      fin.put("mean", finite(s.mean()));
      fin.put("std", finite(s.std()));
      fin.put("median", finite(s.median()));
      o.put("final_loss", fin);
      List<Double> curve = new ArrayList<>();
      for (double v : e.curves().meanCurve()) {
        curve.add(finite(v));
      }
      o.put("curve_mean", curve);
      for (String metric : e.curves().finalMetrics().keySet()) {
        Summary m = e.curves().metricSummary(metric);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("mean", finite(m.mean()));
        summary.put("std", finite(m.std()));
        o.put(metric, summary);
      }
      double ms = e.curves().medianMsPerStep();
      if (Double.isFinite(ms)) {
        o.put("ms_per_step", ms);
      }
      if (e.tuning() != null) {
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("rates", e.tuning().rates());
        List<Double> scores = new ArrayList<>();
        for (double v : e.tuning().meanFinalLoss()) {
          scores.add(finite(v));
        }
        grid.put("mean_final_loss", scores);
        grid.put("best_at_edge", e.tuning().bestAtEdge());
        o.put("lr_grid", grid);
      }
      optimizers.add(o);
    }
    root.put("optimizers", optimizers);
    root.put("learnopt_version", Version.get());
    root.put("command", command);
    AtomicFiles.write(file, out -> JSON.writeValue(out, root));
  }

  static void writeCsv(Comparison.Result result, Path file) {
    StringBuilder csv = new StringBuilder("optimizer,step,mean,ci95_low,ci95_high\n");
    for (Comparison.Entry e : result.entries()) {
      LossCurves c = e.curves();
      double[] mean = c.meanCurve();
      double[] half = c.confidenceHalfWidth();
      for (int t = 0; t < mean.length; t++) {
        csv.append(e.name())
            .append(',')
            .append(t)
            .append(',')
            .append(number(mean[t]))
            .append(',')
            .append(number(mean[t] - half[t]))
            .append(',')
            .append(number(mean[t] + half[t]))
            .append('\n');
      }
    }
    AtomicFiles.writeString(file, csv.toString());
  }

  static String table(Comparison.Result result) {
    List<String> metrics =
        new ArrayList<>(result.entries().get(0).curves().finalMetrics().keySet());
    List<String> header =
        new ArrayList<>(
            List.of("optimizer", "lr", "final loss mean", "± std", "median", "log10 mean"));
    for (String metric : metrics) {
      header.add(metric.replace('_', ' '));
    }
    header.add("ms/step");
    TextTable table = new TextTable(header);
    for (Comparison.Entry e : result.entries()) {
      Summary s = e.curves().finalSummary();
      List<String> row =
          new ArrayList<>(
              List.of(
                  e.name(),
                  e.learningRate() == null
                      ? "-"
                      : String.format(Locale.ROOT, "%.3g", e.learningRate())
                          + (e.tuning() != null && e.tuning().bestAtEdge() ? " (edge)" : ""),
                  String.format(Locale.ROOT, "%.4g", s.mean()),
                  String.format(Locale.ROOT, "%.4g", s.std()),
                  String.format(Locale.ROOT, "%.4g", s.median()),
                  String.format(Locale.ROOT, "%.3f", s.log10Mean())));
      for (String metric : metrics) {
        Summary m = e.curves().metricSummary(metric);
        row.add(String.format(Locale.ROOT, "%.4g", m.mean()));
      }
      double ms = e.curves().medianMsPerStep();
      row.add(Double.isFinite(ms) ? String.format(Locale.ROOT, "%.3g", ms) : "-");
      table.addRow(row);
    }
    return table.render();
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.7g", v) : "";
  }
}
