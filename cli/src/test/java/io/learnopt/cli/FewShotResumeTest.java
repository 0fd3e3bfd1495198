package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fewshot train} killed with SIGKILL in another JVM once it has written a checkpoint, then
 * continued with {@code --resume}, ends with the same model, bit for bit, as an uninterrupted run,
 * and its log has every update exactly once.
 */
class FewShotResumeTest {
  private static final int UPDATES = 1500;

  @TempDir Path dir;

  private static List<String> args(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "fewshot",
                "train",
                "--method",
                "metalstm",
                "--learner",
                "mlp:hidden=8",
                "--steps",
                "3",
                "--queries",
                "2",
                "--meta-batch",
                "2",
                "--updates",
                Integer.toString(UPDATES),
                "--validate-every",
                "250",
                "--validation-episodes",
                "4",
                "--threads",
                "1",
                "--checkpoint-every",
                "1",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void aKilledRunResumesToTheUninterruptedModel() throws Exception {
    Path killed = dir.resolve("killed.safetensors");
    Path checkpoint = dir.resolve("killed.ckpt.safetensors");
    Process process = ChildCli.start(args(killed), dir.resolve("killed.out"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(
        process.isAlive(),
        "the run ended before it could be killed: " + Files.readString(dir.resolve("killed.out")));
    process.destroyForcibly(); // SIGKILL
    process.waitFor(30, TimeUnit.SECONDS);
    assertTrue(Files.exists(checkpoint), "no checkpoint before the kill");

    CliRun resumed = CliRun.of(args(killed, "--resume").toArray(String[]::new));
    assertEquals(0, resumed.exitCode(), resumed.err());
    Matcher at = Pattern.compile("Resuming from .* at update (\\d+)").matcher(resumed.out());
    assertTrue(at.find(), resumed.out());
    int from = Integer.parseInt(at.group(1));
    assertTrue(from > 0 && from < UPDATES, "resumed at update " + from);

    Path whole = dir.resolve("whole.safetensors");
    CliRun uninterrupted = CliRun.of(args(whole).toArray(String[]::new));
    assertEquals(0, uninterrupted.exitCode(), uninterrupted.err());

    Map<String, FloatTensor> a = Safetensors.read(whole).tensors();
    Map<String, FloatTensor> b = Safetensors.read(killed).tensors();
    assertEquals(a.keySet(), b.keySet());
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
    }
    List<String> log = Files.readAllLines(dir.resolve("killed.log.csv"));
    List<String> wholeLog = Files.readAllLines(dir.resolve("whole.log.csv"));
    assertEquals(UPDATES + 2, log.size(), "header, update 0 (validation), updates 1..N");
    for (int u = 0; u <= UPDATES; u++) {
      assertTrue(log.get(u + 1).startsWith(u + ","), "row " + u + ": " + log.get(u + 1));
    }
    assertEquals(wholeLog, log, "the resumed log is the uninterrupted one");
  }
}
