package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.TensorBoardEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} sent SIGTERM in another JVM finishes its unroll, writes a checkpoint, says how to
 * continue and exits 143; continued with {@code --resume} it ends with the uninterrupted model, and
 * its log and TensorBoard file hold every epoch once.
 */
class SignalStopTest {
  private static final int EPOCHS = 4000;

  @TempDir Path dir;

  private List<String> args(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--problem",
                "quadratic:dim=3",
                "--epochs",
                Integer.toString(EPOCHS),
                "--unroll",
                "5",
                "--horizon",
                "10",
                "--tasks-per-epoch",
                "2",
                "--eval-every",
                "500",
                "--eval-tasks",
                "3",
                "--threads",
                "1",
                "--hidden",
                "4",
                "--tensorboard",
                out.resolveSibling(out.getFileName() + ".tb").toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void sigtermSavesACheckpointAndTheResumedRunIsTheUninterruptedOne() throws Exception {
    Path stopped = dir.resolve("stopped.safetensors");
    Path output = dir.resolve("stopped.out");
    Path events = dir.resolve("stopped.safetensors.tb/events.out.tfevents.learnopt.stopped");
    Process process = ChildCli.start(args(stopped), output);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (process.isAlive()
        && System.nanoTime() < deadline
        && !(Files.exists(events) && Files.size(events) > 2000)) {
      Thread.sleep(20);
    }
    assertTrue(process.isAlive(), "the run ended before the signal: " + Files.readString(output));
    process.destroy(); // SIGTERM
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "no exit after SIGTERM");
    String said = Files.readString(output);
    assertEquals(143, process.exitValue(), said);
    assertTrue(Files.size(events) < 200_000, "stopped early, not at the end");
    assertTrue(said.contains("stopped by SIGTERM after "), said);
    assertTrue(said.contains("continue with the same command and --resume"), said);
    assertTrue(Files.exists(dir.resolve("stopped.ckpt.safetensors")), said);
    assertTrue(!Files.exists(stopped), "no model is saved for a stopped run");

    CliRun resumed = CliRun.of(args(stopped, "--resume").toArray(String[]::new));
    assertEquals(0, resumed.exitCode(), resumed.err());
    Path whole = dir.resolve("whole.safetensors");
    CliRun uninterrupted = CliRun.of(args(whole).toArray(String[]::new));
    assertEquals(0, uninterrupted.exitCode(), uninterrupted.err());

    Map<String, FloatTensor> a = Safetensors.read(whole).tensors();
    Map<String, FloatTensor> b = Safetensors.read(stopped).tensors();
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
    }
    assertEquals(
        Files.readAllLines(dir.resolve("whole.log.csv")),
        Files.readAllLines(dir.resolve("stopped.log.csv")));
    List<Long> steps = new ArrayList<>();
    for (var e : TensorBoardEvents.read(events)) {
      if (!e.scalars().isEmpty()) {
        steps.add(e.step());
      }
    }
    assertEquals(EPOCHS, steps.size());
    for (int i = 0; i < EPOCHS; i++) {
      assertEquals(i, steps.get(i));
    }
  }
}
