package io.learnopt.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark harness: FLOP counts, the peak formula, timing statistics and the workloads. */
class WorkloadsTest {

  @Test
  void forwardFlopsAreTwicePerWeightPlusTheCellArithmetic() {
    LstmOptimizerConfig config = LstmOptimizerConfig.paperNeuralNet();
    LstmParameters layout = new LstmParameters(config);
    // Every weight of W_l and of the output layer is one multiply-add per coordinate and step.
    long weights = 0;
    for (int l = 0; l < config.layers(); l++) {
      weights += (long) config.gateRows() * layout.columns(l);
    }
    weights += config.hidden();
    long cell = 4L * config.hidden() * config.layers();
    assertEquals(2 * weights + cell + 1, LstmFlops.forward(config));
    assertEquals(10_121, LstmFlops.forward(config));
    // Backward: ∂W and Wᵀ·dz are each as many multiply-adds as W (less the first layer's input
    // columns, whose adjoint nobody needs), so about twice the forward's matrix work.
    long backward = LstmFlops.backward(config);
    assertTrue(backward > 1.9 * 2 * weights && backward < 2.2 * LstmFlops.forward(config));
  }

  @Test
  void peakIsUnitsTimesLanesTimesTwoTimesClock(@TempDir Path dir) throws Exception {
    MachinePeak peak = new MachinePeak(2, 16, 2.5, "test");
    assertEquals(160.0, peak.gflopsPerCore(), 1e-9);
    assertEquals(320.0, peak.gflops(2), 1e-9);
    assertTrue(peak.describe(2).contains("2 FMA units × 16 float lanes"), peak.describe(2));
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: X\ncpu MHz\t\t: 2096.016\n");
    assertEquals(2096.016, MachinePeak.cpuinfoMhz(cpuinfo), 1e-9);
    Files.writeString(cpuinfo, "no clock here\n");
    assertEquals(-1, MachinePeak.cpuinfoMhz(cpuinfo));
    assertEquals(-1, MachinePeak.cpuinfoMhz(dir.resolve("missing")));
  }

  @Test
  void timingRunsPrepareBeforeEveryRepetitionAndSortsTheTimes() throws Exception {
    int[] prepared = {0};
    int[] ran = {0};
    Timing timing =
        Timing.measure(
            0,
            5,
            new Timing.Body() {
              @Override
              public void prepare() {
                assertEquals(prepared[0], ran[0], "prepare runs once before each run");
                prepared[0]++;
              }

              @Override
              public void run() throws InterruptedException {
                ran[0]++;
                Thread.sleep(ran[0] % 2 == 0 ? 2 : 1);
              }
            });
    assertEquals(5, timing.reps(), "exactly the repetitions asked for");
    assertEquals(timing.reps(), ran[0]);
    assertTrue(timing.minMs() >= 1 && timing.minMs() <= timing.medianMs());
    for (int i = 1; i < timing.reps(); i++) {
      assertTrue(timing.timesMs()[i - 1] <= timing.timesMs()[i]);
    }
    assertThrows(IllegalArgumentException.class, () -> Timing.measure(0, -1, () -> {}));
  }

  @Test
  void autoRepetitionsFillASecond() throws Exception {
    // A 20 ms repetition: 10 are only 0.2 s, so AUTO keeps going to about 50.
    Timing timing = Timing.measure(0, Timing.AUTO, () -> Thread.sleep(20));
    assertTrue(timing.reps() > Timing.AUTO_MIN_REPS, "reps " + timing.reps());
    assertTrue(timing.reps() <= 1000 / 20 + 1, "reps " + timing.reps());
    assertEquals(3, Workloads.largeReps(Timing.AUTO));
    assertEquals(2, Workloads.largeReps(2));
    assertEquals(3, Workloads.largeReps(5));
  }

  @Test
  void resultJsonHasTheDocumentedKeysInOrder() {
    Timing timing = new Timing(new double[] {1, 2, 4}, 10);
    BenchResult result =
        new BenchResult("w", 2, 100, timing, 4e6, 10, new java.util.LinkedHashMap<>());
    Map<String, Object> json = result.toJson();
    assertEquals(
        List.of(
            "workload",
            "threads",
            "coords",
            "median_ms",
            "min_ms",
            "gflops",
            "peak_heap_mb",
            "reps"),
        List.copyOf(json.keySet()));
    // 4 MFLOP in a median of 2 ms is 2 GFLOP/s.
    assertEquals(2.0, (Double) json.get("gflops"), 1e-9);
    assertEquals(null, new BenchResult("w", 1, 1, timing, 0, 0, Map.of()).gflops());
  }

  @Test
  void quadMetaRunsOneUnrollPerRepetitionAndCountsItsFlops() throws Exception {
    Workloads workloads =
        new Workloads(
            new Workloads.Settings(1, 0, 2, null, null, null), new MachinePeak(2, 16, 2, "test"));
    BenchResult r = workloads.run("quad-meta").get(0);
    assertEquals("quad-meta", r.workload());
    assertEquals(1280, r.coords());
    LstmOptimizerConfig config = LstmOptimizerConfig.paperQuadratic();
    assertEquals(
        (LstmFlops.forward(config) + LstmFlops.backward(config)) * 1280.0 * 20, r.flopsPerRep());
    assertTrue(r.timing().medianMs() > 0);
    assertTrue((Double) r.toJson().get("activation_mb") > 0);
    assertThrows(UsageException.class, () -> workloads.run("nope"));
    assertThrows(UsageException.class, () -> new Workloads.Settings(0, 0, 1, null, null, null));
  }

  @Test
  void convApplyTimesTheTwoLstmOptimizerAndAdamOnTheConvNet() throws Exception {
    Workloads workloads =
        new Workloads(
            new Workloads.Settings(1, 0, 1, null, null, null), new MachinePeak(2, 16, 2, "test"));
    List<BenchResult> results = workloads.run("conv-apply");
    assertEquals(
        List.of("conv-apply", "conv-apply-adam"),
        results.stream().map(BenchResult::workload).toList());
    int parameters = io.learnopt.problem.Problems.parse("cifar-conv", null).sample(0).dimension();
    for (BenchResult r : results) {
      assertEquals(parameters, r.coords());
      assertEquals(1, r.timing().reps());
    }
    assertEquals("l2l-per-group", results.get(0).toJson().get("optimizer"));
    assertEquals(
        LstmFlops.forward(LstmOptimizerConfig.paperNeuralNet()) * (double) parameters,
        results.get(0).flopsPerRep());
  }
}
