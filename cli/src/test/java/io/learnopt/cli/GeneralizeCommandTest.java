package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code learnopt generalize}: the suite, one setting at a time, and its refusals. */
class GeneralizeCommandTest {
  @TempDir Path dir;

  @Test
  void theSuiteIsTheIssuesAndKeepsTheLargestSmall() {
    assertEquals(
        List.of(
            "relu-100",
            "relu-1000",
            "deep-relu-1000",
            "sigmoid-100",
            "conv-500",
            "relu-10000",
            "quadratic-100"),
        GeneralizeCommand.SUITE.stream().map(SuiteRun.Item::id).toList());
    for (SuiteRun.Item e : GeneralizeCommand.SUITE) {
      boolean largest = e.id().equals("deep-relu-1000") || e.id().equals("conv-500");
      assertEquals(largest ? 10 : 20, e.tasks(), e.id());
      assertEquals(largest ? 3 : 10, e.tuneTasks(), e.id());
      io.learnopt.problem.Problems.parse(e.problem()); // every spec is valid
    }
  }

  @Test
  void runsOneSettingWithATrainedOptimizerAndReportsIt() throws IOException {
    Path model = MlpLoptCliTest.trainTiny(dir.resolve("mlp.safetensors"), "--rule", "mlp-lopt");
    Path out = dir.resolve("gen");
    String[] args = {
      "generalize",
      "--optimizers",
      model.toString(),
      "--settings",
      "quadratic-100",
      "--tasks",
      "2",
      "--tune-tasks",
      "1",
      "--threads",
      "1",
      "--out",
      out.toString()
    };
    CliRun run = CliRun.of(args);
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(Files.exists(out.resolve("quadratic-100/results.json")));
    assertTrue(Files.readString(out.resolve("report.html")).contains("quadratic-100"));
    assertTrue(run.out().contains("mlp-lopt beats adam"), run.out());

    // Run again: every baseline run is served from quadratic-100/runs, none rewritten.
    Map<Path, FileTime> stored = runFiles(out.resolve("quadratic-100/runs"));
    assertTrue(stored.size() >= 7 * 11, "one file per baseline run: " + stored.size());
    String results = withoutTimes(out.resolve("quadratic-100/results.json"));
    CliRun again = CliRun.of(args);
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(stored, runFiles(out.resolve("quadratic-100/runs")));
    // The learned optimizer ran again: the same losses, its own step time.
    assertEquals(results, withoutTimes(out.resolve("quadratic-100/results.json")));
  }

  private static String withoutTimes(Path results) throws IOException {
    return Files.readString(results).replaceAll("\"ms_per_step\" : [^,\\n]*", "");
  }

  private static Map<Path, FileTime> runFiles(Path runs) throws IOException {
    Map<Path, FileTime> times = new TreeMap<>();
    try (Stream<Path> files = Files.list(runs)) {
      for (Path f : files.toList()) {
        times.put(f, Files.getLastModifiedTime(f));
      }
    }
    return times;
  }

  @Test
  void baselinesAndUnknownSettingsAreUsageErrors() {
    CliRun.of("generalize", "--optimizers", "adam", "--out", dir.resolve("x").toString())
        .assertFails(2, "trained optimizer files only");
    CliRun.of(
            "generalize",
            "--optimizers",
            "m.safetensors",
            "--settings",
            "relu-50",
            "--out",
            dir.resolve("x").toString())
        .assertFails(2, "unknown setting 'relu-50'", "relu-100");
  }
}
