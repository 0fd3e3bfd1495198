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
 * layer, the mean over coordinates averaged over the episodes, with a band of ± one standard
 * deviation over the coordinates.
 */
final class GatePlots {
  private GatePlots() {}

  static void write(Path dir, String method, List<GateStatistics.Row> rows, int episodes) {
    StringBuilder csv = new StringBuilder("episode,step,layer,gate,mean,std\n");
    for (GateStatistics.Row r : rows) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%d,%s,%s,%.6g,%.6g%n",
              r.episode(),
              r.step(),
              r.layer(),
              r.gate(),
              r.mean(),
              r.std()));
    }
    AtomicFiles.writeString(dir.resolve("gates-" + method + ".csv"), csv.toString());
    int steps = rows.stream().mapToInt(GateStatistics.Row::step).max().orElse(0);
    for (String gate : List.of("forget", "input")) {
      Map<String, double[][]> byLayer = new LinkedHashMap<>();
      for (GateStatistics.Row r : rows) {
        if (!r.gate().equals(gate)) {
          continue;
        }
        double[][] sums = byLayer.computeIfAbsent(r.layer(), k -> new double[2][steps + 1]);
        sums[0][r.step()] += r.mean() / episodes;
        sums[1][r.step()] += r.std() / episodes;
      }
      List<Curve> curves = new ArrayList<>();
      for (Map.Entry<String, double[][]> e : byLayer.entrySet()) {
        double[] mean = e.getValue()[0].clone();
        double[] lower = new double[steps + 1];
        double[] upper = new double[steps + 1];
        mean[0] = lower[0] = upper[0] = Double.NaN; // step 0 is the initialization: no gate yet
        for (int t = 1; t <= steps; t++) {
          lower[t] = mean[t] - e.getValue()[1][t];
          upper[t] = mean[t] + e.getValue()[1][t];
        }
        curves.add(new Curve(e.getKey(), mean, lower, upper));
      }
      LossPlot.writeLinear(
          dir,
          "gates-" + method + "-" + gate,
          String.format(
              Locale.ROOT,
              "%s: %s gate per layer, mean over %d test episodes (band: ± 1 sd over coordinates)",
              method,
              gate,
              episodes),
          "inner step",
          gate + " gate",
          curves);
    }
  }
}
