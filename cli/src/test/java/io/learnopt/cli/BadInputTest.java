package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets exit code 2 (usage) or 1 (runtime) and a message that says what was wrong. */
class BadInputTest {
  @TempDir Path dir;

  private static void assertFails(CliRun run, int code, String... fragments) {
    run.assertFails(code, fragments);
  }

  @Test
  void unknownProblemListsTheValidOnes() {
    assertFails(
        CliRun.of("eval", "--problem", "quadratik", "--out", dir.toString()),
        2,
        "unknown problem 'quadratik'",
        "quadratic",
        "rosenbrock");
  }

  @Test
  void unknownOptimizerListsTheValidOnes() {
    assertFails(
        CliRun.of("eval", "--optimizers", "sgd,adamw", "--out", dir.toString()),
        2,
        "unknown optimizer 'adamw'",
        "rmsprop");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "--epochs, 0, --epochs must be a positive integer",
    "--unroll, -3, --unroll must be a positive integer",
    "--lr, -1e-3, --lr must be a positive number",
    "--lr, NaN, --lr must be a positive number",
    "--horizon, 30, must be a multiple of --unroll",
    "--threads, 0, --threads must be between 1 and 1024",
    "--preprocessing, cubic, unknown preprocessing 'cubic'",
    "--output-scale, 0, output scale must be a positive number",
    "--weighting, cubic, unknown step weighting 'cubic'"
  })
  void badTrainOptionsAreUsageErrors(String option, String value, String message) {
    assertFails(
        CliRun.of("train", "--out", dir.resolve("m.safetensors").toString(), option, value),
        2,
        message);
  }

  @Test
  void nonNumericOptionIsAUsageError() {
    assertFails(CliRun.of("eval", "--tasks", "many", "--out", dir.toString()), 2, "'many'");
  }

  @Test
  void dataDirectoryMissingAFileNamesTheRequiredFiles() throws IOException {
    Path data = Files.createDirectories(dir.resolve("mnist"));
    Files.write(data.resolve("train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});
    assertFails(
        CliRun.of(
            "eval",
            "--problem",
            "mnist-mlp",
            "--data",
            data.toString(),
            "--out",
            dir.resolve("out").toString()),
        1,
        data.toString(),
        "t10k-labels-idx1-ubyte");
  }

  @Test
  void missingOptimizerFileNamesIt() {
    Path missing = dir.resolve("nothing.safetensors");
    assertFails(
        CliRun.of("eval", "--optimizers", missing + ",sgd", "--out", dir.toString()),
        1,
        missing.toString());
  }

  @Test
  void truncatedOptimizerFileNamesIt() throws IOException {
    Path model = dir.resolve("m.safetensors");
    assertEquals(0, CliRun.of(tinyTrain(model, "2")).exitCode());
    byte[] bytes = Files.readAllBytes(model);
    Path cut = dir.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
    assertFails(
        CliRun.of("eval", "--optimizers", cut.toString(), "--out", dir.toString()),
        1,
        cut.toString());
  }

  @Test
  void fileOfAnotherKindIsRejected() throws IOException {
    Path model = dir.resolve("m.safetensors");
    assertEquals(0, CliRun.of(tinyTrain(model, "2")).exitCode());
    Path checkpoint = dir.resolve("m.ckpt.safetensors");
    assertFails(
        CliRun.of("eval", "--optimizers", checkpoint.toString(), "--out", dir.toString()),
        1,
        "not a learnopt optimizer (metadata 'format' is 'learnopt.outer-checkpoint'");
  }

  @Test
  void nonFiniteLossStopsTrainingAndKeepsTheLastCheckpoint() throws IOException {
    Path model = dir.resolve("m.safetensors");
    assertEquals(0, CliRun.of(tinyTrain(model, "2")).exitCode());
    Path checkpoint = dir.resolve("m.ckpt.safetensors");
    byte[] saved = Files.readAllBytes(checkpoint);
    String[] exploding = tinyTrain(model, "2");
    exploding = Arrays.copyOf(exploding, exploding.length + 2);
    exploding[exploding.length - 2] = "--output-scale";
    exploding[exploding.length - 1] = "1e30";
    CliRun run = CliRun.of(exploding);
    assertFails(run, 1, "epoch 0", "optimizee step", "last good checkpoint");
    assertArrayEquals(saved, Files.readAllBytes(checkpoint));
  }

  @Test
  void resumeWithoutCheckpointIsAUsageError() {
    String[] args = tinyTrain(dir.resolve("fresh.safetensors"), "2");
    args = Arrays.copyOf(args, args.length + 1);
    args[args.length - 1] = "--resume";
    assertFails(CliRun.of(args), 2, "no checkpoint");
  }

  static String[] tinyTrain(Path model, String epochs) {
    return new String[] {
      "train",
      "--problem",
      "quadratic:dim=3",
      "--out",
      model.toString(),
      "--epochs",
      epochs,
      "--unroll",
      "5",
      "--horizon",
      "10",
      "--tasks-per-epoch",
      "4",
      "--eval-every",
      "1",
      "--eval-tasks",
      "3",
      "--hidden",
      "6",
      "--threads",
      "1",
      "--seed",
      "5"
    };
  }
}
