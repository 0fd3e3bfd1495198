package io.learnopt.cli;

import io.learnopt.cli.plot.Curve;
import io.learnopt.cli.plot.LossPlot;
import io.learnopt.fewshot.GateStatistics;
import io.learnopt.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the meta-learner LSTM's gate figures: {@code gates-<method>.csv} (every episode, step,
 * layer and gate) and, per gate, {@code gates-<method>-<gate>.png/.svg}: one line per learner
 * layer, the median over the layer's coordinates averaged over the episodes, with a band from the
 * 10th to the 90th percentile, averaged likewise. Percentiles of a sigmoid stay in [0, 1]; a band
 * of mean ± sd drew forget gates just below 1 reaching above it.
 */
final class GatePlots {
  private GatePlots() {}

  /** What the figures' titles say the line and band are. */
  static final String SUMMARY = "median over coordinates (band: 10th–90th percentile)";

  static void write(Path dir, String method, List<GateStatistics.Row> rows, int episodes) {
    StringBuilder csv = new StringBuilder("episode,step,layer,gate,mean,std,p10,median,p90\n");
    for (GateStatistics.Row r : rows) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%d,%s,%s,%.6g,%.6g,%.6g,%.6g,%.6g%n",
              r.episode(),
              r.step(),
              r.layer(),
              r.gate(),
              r.mean(),
              r.std(),
              r.p10(),
              r.median(),
              r.p90()));
    }
    AtomicFiles.writeString(dir.resolve("gates-" + method + ".csv"), csv.toString());
    for (String gate : List.of("forget", "input")) {
      LossPlot.writeLinear(
          dir,
          "gates-" + method + "-" + gate,
          String.format(
              Locale.ROOT,
              "%s: %s gate per layer, %d test episodes, %s",
              method,
              gate,
              episodes,
              SUMMARY),
          "inner step",
          gate + " gate",
          curves(rows, gate, episodes));
    }
  }

  /**
   * One curve per layer for {@code gate}: the episodes' mean of the median, the band between their
   * means of the 10th and 90th percentiles. Step 0 is the initialization, before any gate: NaN.
   */
  static List<Curve> curves(List<GateStatistics.Row> rows, String gate, int episodes) {
    int steps = rows.stream().mapToInt(GateStatistics.Row::step).max().orElse(0);
    Map<String, double[][]> byLayer = new LinkedHashMap<>();
    for (GateStatistics.Row r : rows) {
      if (!r.gate().equals(gate)) {
        continue;
      }
      double[][] sums = byLayer.computeIfAbsent(r.layer(), k -> new double[3][steps + 1]);
      sums[0][r.step()] += r.median() / episodes;
      sums[1][r.step()] += r.p10() / episodes;
      sums[2][r.step()] += r.p90() / episodes;
    }
    List<Curve> curves = new ArrayList<>();
    for (Map.Entry<String, double[][]> e : byLayer.entrySet()) {
      double[][] s = e.getValue();
      s[0][0] = s[1][0] = s[2][0] = Double.NaN;
      curves.add(new Curve(e.getKey(), s[0], s[1], s[2]));
    }
    return curves;
  }
}
