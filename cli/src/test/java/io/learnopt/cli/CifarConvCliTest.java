package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval --problem cifar-conv --data DIR} on files in CIFAR-10's binary format. */
class CifarConvCliTest {
  @TempDir Path dir;

  private static final int RECORD = 1 + 3 * 32 * 32;

  /** The six files, {@code perFile} records each, labels cycling through 0..9, pixels varied. */
  private Path cifar(int perFile) throws IOException {
    Path data = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
    List<String> names =
        List.of(
            "data_batch_1.bin",
            "data_batch_2.bin",
            "data_batch_3.bin",
            "data_batch_4.bin",
            "data_batch_5.bin",
            "test_batch.bin");
    for (int f = 0; f < names.size(); f++) {
      byte[] bytes = new byte[perFile * RECORD];
      for (int r = 0; r < perFile; r++) {
        bytes[r * RECORD] = (byte) ((f * perFile + r) % 10);
        for (int p = 1; p < RECORD; p++) {
          bytes[r * RECORD + p] = (byte) (31 * r + 7 * p + f);
        }
      }
      Files.write(data.resolve(names.get(f)), bytes);
    }
    return data;
  }

  private CliRun eval(Path data) {
    return eval(data, "sgd,adam", "out");
  }

  /** eval of the tiny conv net on {@code data}: 2 tasks of 3 steps, tuning on 1. */
  private CliRun eval(Path data, String optimizers, String out) {
    return CliRun.of(
        "eval",
        "--problem",
        "cifar-conv:channels=2,kernel=3,fc=4,batch=4,classes=0-4",
        "--data",
        data.toString(),
        "--tasks",
        "2",
        "--tune-tasks",
        "1",
        "--steps",
        "3",
        "--threads",
        "1",
        "--optimizers",
        optimizers,
        "--out",
        dir.resolve(out).toString());
  }

  @Test
  void evalRunsOnCifarFormatFiles() throws IOException {
    CliRun run = eval(cifar(4));
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("adam"), run.out());
    assertTrue(Files.exists(dir.resolve("out/results.json")));
  }

  @Test
  void aTwoLstmOptimizerTrainsSavesWithItsGroupsAndEvaluates() throws IOException {
    Path data = cifar(4);
    Path model = dir.resolve("conv.safetensors");
    CliRun train =
        CliRun.of(
            "train",
            "--problem",
            "cifar-conv:channels=2,kernel=3,fc=4,batch=4,classes=0-4",
            "--per-group",
            "--data",
            data.toString(),
            "--epochs",
            "2",
            "--tasks-per-epoch",
            "1",
            "--unroll",
            "2",
            "--horizon",
            "4",
            "--eval-every",
            "1",
            "--eval-tasks",
            "1",
            "--threads",
            "1",
            "--out",
            model.toString());
    assertEquals(0, train.exitCode(), train.err());
    SafetensorsFile file = Safetensors.read(model);
    assertEquals("conv,fc", file.metadata("groups"));
    assertTrue(
        file.tensors().containsKey("conv.lstm.0.weight"), file.tensors().keySet().toString());
    assertTrue(file.tensors().containsKey("fc.output.bias"), file.tensors().keySet().toString());

    CliRun eval = eval(data, model + ",sgd:lr=0.1", "eval");
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().contains("lstm"), eval.out());

    CliRun quadratic =
        CliRun.of(
            "eval",
            "--problem",
            "quadratic",
            "--tasks",
            "2",
            "--steps",
            "3",
            "--optimizers",
            model.toString(),
            "--out",
            dir.resolve("quad").toString());
    quadratic.assertFails(2, "one rule per parameter group [conv, fc]", "groups [all]");
    assertEquals(1, quadratic.err().strip().lines().count(), quadratic.err());
  }

  @Test
  void aTruncatedCifarFileIsAOneLineError() throws IOException {
    Path data = cifar(4);
    Path file = data.resolve("data_batch_2.bin");
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 3 * RECORD + 10));
    CliRun run = eval(data);
    run.assertFails(1, "data_batch_2.bin", "not a whole number of 3073-byte CIFAR-10 records");
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }
}
