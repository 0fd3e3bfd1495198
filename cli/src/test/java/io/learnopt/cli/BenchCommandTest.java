package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.io.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code learnopt bench}: one parseable JSON line per result, the peak on stderr, bad names. */
class BenchCommandTest {

  @Test
  void fmaPeakPrintsOneJsonLineAndThePeakComputation() {
    CliRun run =
        CliRun.of(
            "bench", "--workload", "fma-peak", "--threads", "1", "--warmup", "0", "--reps", "2");
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().strip().split("\n");
    assertEquals(1, lines.length, run.out());
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(lines[0]);
    assertEquals("fma-peak", json.get("workload"));
    assertEquals(1.0, ((Number) json.get("threads")).doubleValue());
    assertTrue(((Number) json.get("gflops")).doubleValue() > 0, lines[0]);
    assertTrue(((Number) json.get("median_ms")).doubleValue() > 0, lines[0]);
    assertTrue(run.err().contains("FMA units"), run.err());
    assertEquals(2.0, ((Number) json.get("reps")).doubleValue(), "--reps 2 runs exactly 2");
  }

  @Test
  void repsIsExactlyTheTimedRepetitionsAndMustBePositive() {
    CliRun run =
        CliRun.of(
            "bench", "--workload", "fma-peak", "--threads", "1", "--warmup", "0", "--reps", "5");
    assertEquals(0, run.exitCode(), run.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(run.out().strip());
    assertEquals(5.0, ((Number) json.get("reps")).doubleValue(), run.out());
    CliRun.of("bench", "--reps", "0").assertFails(2, "--reps must be a positive integer");
  }

  @Test
  void unknownWorkloadIsAUsageErrorListingTheValidOnes() {
    CliRun run = CliRun.of("bench", "--workload", "mnist-metaa");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("unknown workload 'mnist-metaa'"), run.err());
    assertTrue(run.err().contains("mnist-meta"), run.err());
  }
}
