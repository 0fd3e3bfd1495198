package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sizes the heap cannot hold, absurd thread counts, sizes that overflow an array and unwritable or
 * foreign output paths all end in one line saying what to change, before any work starts.
 */
class OneLineErrorTest {
  @TempDir static Path dir;

  private static void assertOneLine(CliRun run, int code, String fragment) {
    run.assertFails(code, fragment);
    // Progress lines of work that started before the failure are not part of the error.
    String err =
        run.err()
            .lines()
            .filter(line -> !line.startsWith("meta-train") && !line.isBlank())
            .collect(java.util.stream.Collectors.joining("\n"));
    assertFalse(err.contains("\tat "), "a stack trace: " + err);
    assertFalse(err.contains("Exception"), "an exception's name: " + err);
    assertEquals(1, err.lines().count(), "one line: " + err);
    assertTrue(err.startsWith("learnopt: "), err);
  }

  static Stream<Arguments> hugeSizes() {
    String out = dir.resolve("m.safetensors").toString();
    String evalOut = dir.resolve("eval").toString();
    return Stream.of(
        Arguments.of(List.of("eval", "--tasks", "2000000000", "--out", evalOut), "--tasks"),
        Arguments.of(List.of("eval", "--steps", "2000000000", "--out", evalOut), "--steps"),
        Arguments.of(
            List.of("train", "--tasks-per-epoch", "100000000", "--out", out), "--tasks-per-epoch"),
        Arguments.of(List.of("train", "--eval-tasks", "2000000000", "--out", out), "--eval-tasks"),
        Arguments.of(
            List.of("train", "--problem", "quadratic:dim=40000", "--out", out),
            "use a smaller problem"),
        Arguments.of(
            List.of("train", "--problem", "mnist-mlp:hidden=1000000", "--out", out),
            "use a smaller problem"),
        Arguments.of(
            List.of(
                "fewshot",
                "eval",
                "--episodes",
                "1000000000",
                "--methods",
                "maml-fo",
                "--out",
                evalOut),
            "--episodes"));
  }

  @ParameterizedTest
  @MethodSource("hugeSizes")
  void sizesBeyondTheHeapAreRefusedBeforeAllocating(List<String> args, String remedy) {
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertOneLine(run, 2, "of memory but the JVM has");
    assertTrue(run.err().contains(remedy), run.err());
  }

  static Stream<Arguments> outOfRange() {
    String out = dir.resolve("m.safetensors").toString();
    return Stream.of(
        Arguments.of(List.of("train", "--threads", "100000", "--out", out), "between 1 and 1024"),
        Arguments.of(List.of("train", "--hidden", "100000", "--out", out), "fewer --hidden"),
        Arguments.of(
            List.of("train", "--problem", "quadratic:dim=100000", "--out", out), "at most 46340"),
        Arguments.of(
            List.of("train", "--problem", "mnist-mlp:batch=1000000", "--out", out),
            "at most the 60000 training images"));
  }

  @ParameterizedTest
  @MethodSource("outOfRange")
  void sizesThatCannotExistAreUsageErrors(List<String> args, String fragment) {
    assertOneLine(CliRun.of(args.toArray(String[]::new)), 2, fragment);
  }

  @Test
  void anAbsurdMetaLearningRateIsDivergenceNotSuccess() {
    Path model = dir.resolve("diverged.safetensors");
    CliRun run =
        CliRun.of(
            "train",
            "--problem",
            "quadratic:dim=3",
            "--lr",
            "1e30",
            "--epochs",
            "3",
            "--eval-tasks",
            "2",
            "--out",
            model.toString());
    assertOneLine(run, 1, "would become");
    assertTrue(run.err().contains("lower the meta learning rate"), run.err());
    assertFalse(Files.exists(model), "no model is saved for a diverged run");
  }

  @Test
  void anAbsurdFewShotMetaLearningRateIsDivergenceToo() {
    Path model = dir.resolve("fs-diverged.safetensors");
    CliRun run =
        CliRun.of(
            "fewshot",
            "train",
            "--method",
            "metalstm",
            "--learner",
            "mlp:hidden=8",
            "--steps",
            "2",
            "--queries",
            "2",
            "--meta-batch",
            "2",
            "--updates",
            "3",
            "--validation-episodes",
            "2",
            "--threads",
            "1",
            "--meta-lr",
            "1e30",
            "--out",
            model.toString());
    assertOneLine(run, 1, "would become");
    assertTrue(run.err().contains("stopped at update 1"), run.err());
    assertFalse(Files.exists(model), "no model is saved for a diverged run");
  }

  @Test
  void threadsFarAboveTheCoresWarn() {
    int many = 4 * Runtime.getRuntime().availableProcessors() + 1;
    CliRun run =
        CliRun.of(
            "eval",
            "--problem",
            "quadratic:dim=2",
            "--tasks",
            "1",
            "--tune-tasks",
            "1",
            "--steps",
            "2",
            "--optimizers",
            "sgd",
            "--threads",
            Integer.toString(many),
            "--out",
            dir.resolve("threads").toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("far above this machine's"), run.err());
  }

  static Stream<Arguments> unwritableOutputs() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "my notes");
    Path under = file.resolve("sub");
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of(List.of("train", "--out", file.toString()), 2, "not a learnopt file"));
    cases.add(
        Arguments.of(
            List.of("train", "--out", under.resolve("m.safetensors").toString()),
            1,
            "cannot write there"));
    cases.add(
        Arguments.of(
            List.of(
                "train",
                "--out",
                dir.resolve("ok.safetensors").toString(),
                "--tensorboard",
                file.toString()),
            2,
            "not a directory"));
    cases.add(
        Arguments.of(
            List.of("fewshot", "eval", "--methods", "maml-fo", "--out", file.toString()),
            2,
            "not a directory"));
    cases.add(
        Arguments.of(
            List.of("fewshot", "eval", "--methods", "maml-fo", "--out", under.toString()),
            1,
            "cannot write there"));
    cases.add(Arguments.of(List.of("eval", "--out", under.toString()), 1, "cannot write there"));
    cases.add(Arguments.of(List.of("paper", "--out", under.toString()), 1, "cannot write there"));
    cases.add(
        Arguments.of(
            List.of("fewshot", "train", "--method", "maml-fo", "--out", file.toString()),
            2,
            "not a learnopt file"));
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("unwritableOutputs")
  void outputsAreCheckedBeforeAnyWork(List<String> args, int code, String fragment)
      throws IOException {
    assertOneLine(CliRun.of(args.toArray(String[]::new)), code, fragment);
    assertEquals("my notes", Files.readString(dir.resolve("notes.txt")), "left untouched");
  }

  @Test
  void ioFailuresAndMemoryExhaustionDescribeThemselvesOnOneLine() {
    String io =
        Main.describe(
            new java.io.UncheckedIOException(
                new java.nio.file.AccessDeniedException("/x/y", null, "read-only file system")));
    assertTrue(io.startsWith("/x/y: AccessDeniedException (read-only file system)"), io);
    String memory = Main.describe(new IllegalStateException(new OutOfMemoryError("heap")));
    assertTrue(memory.startsWith("out of memory"), memory);
    assertTrue(memory.contains("-Xmx"), memory);
    assertEquals(null, Main.describe(new NullPointerException()), "a bug keeps its trace");
  }
}
