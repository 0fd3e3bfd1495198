package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.cli.plot.Curve;
import io.learnopt.fewshot.GateStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatePlotsTest {
  @TempDir Path dir;

  /**
   * Forget gates just below 1 with a wide spread: mean + sd is above 1, the 90th percentile is not.
   */
  private static List<GateStatistics.Row> rows() {
    List<GateStatistics.Row> rows = new ArrayList<>();
    for (int e = 0; e < 2; e++) {
      for (int t = 1; t <= 5; t++) {
        rows.add(new GateStatistics.Row(e, t, "block0", "forget", 0.97, 0.05, 0.9, 0.98, 0.999));
        rows.add(new GateStatistics.Row(e, t, "block0", "input", 0.2, 0.1, 0.05, 0.18, 0.4));
      }
    }
    return rows;
  }

  @Test
  void bandsAreTheAveragedPercentilesAndStayInTheUnitInterval() {
    List<Curve> curves = GatePlots.curves(rows(), "forget", 2);
    assertEquals(1, curves.size());
    Curve block0 = curves.getFirst();
    assertEquals("block0", block0.name());
    assertTrue(Double.isNaN(block0.center()[0]), "step 0 has no gate");
    for (int t = 1; t <= 5; t++) {
      assertEquals(0.98, block0.center()[t], 1e-12, "the median");
      assertEquals(0.9, block0.lower()[t], 1e-12);
      assertEquals(0.999, block0.upper()[t], 1e-12);
      assertTrue(0 <= block0.lower()[t] && block0.upper()[t] <= 1);
    }
  }

  @Test
  void theCsvHasThePercentilesAndTheTitleSaysWhatTheBandIs() throws Exception {
    GatePlots.write(dir, "metalstm", rows(), 2);
    List<String> csv = Files.readAllLines(dir.resolve("gates-metalstm.csv"));
    assertEquals("episode,step,layer,gate,mean,std,p10,median,p90", csv.getFirst());
    assertEquals("0,1,block0,forget,0.970000,0.0500000,0.900000,0.980000,0.999000", csv.get(1));
    String svg = Files.readString(dir.resolve("gates-metalstm-forget.svg"));
    assertTrue(svg.contains(GatePlots.SUMMARY), svg.substring(0, 400));
  }
}
