import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Flips one random bit at a time in a model, a training checkpoint and an MNIST IDX file, runs the
 * CLI command that reads each (in this JVM, through io.learnopt.cli.Main), and counts outcomes:
 * rejected with a one-line error, accepted, stack trace, hang (no exit within a minute).
 *
 * <p>Run from the repository root: java --add-modules jdk.incubator.vector -cp
 * cli/target/learnopt.jar bench/hardening/Fuzz.java WORKDIR FLIPS SEED
 */
public class Fuzz {
  record Target(String name, Path file, java.util.function.Function<Path, List<String>> command) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int flips = Integer.parseInt(args[1]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
    Files.createDirectories(work);
    System.setProperty("learnopt.home", Path.of("").toAbsolutePath().toString());

    // The originals: a model and its checkpoint from a tiny run, a copy of the MNIST files.
    Path model = work.resolve("orig/m.safetensors");
    run(
        List.of(
            "train", "--problem", "quadratic:dim=3", "--epochs", "4", "--unroll", "5", "--horizon",
            "10", "--tasks-per-epoch", "2", "--eval-every", "2", "--eval-tasks", "2", "--hidden",
            "4", "--threads", "1", "--out", model.toString()));
    Path mnist = work.resolve("orig/mnist");
    Files.createDirectories(mnist);
    for (String name :
        List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz",
            "SHA256SUMS")) {
      Files.copy(Path.of("data/mnist").resolve(name), mnist.resolve(name));
    }

    List<Target> targets =
        List.of(
            new Target(
                "model",
                model,
                flipped ->
                    List.of(
                    "eval", "--problem", "quadratic:dim=3", "--tasks", "1", "--tune-tasks", "1",
                    "--steps", "2", "--threads", "1", "--optimizers",
                    flipped.resolve("m.safetensors").toString(), "--out",
                    work.resolve("eval").toString())),
            new Target(
                "checkpoint",
                work.resolve("orig/m.ckpt.safetensors"),
                flipped ->
                    List.of(
                    "train", "--problem", "quadratic:dim=3", "--epochs", "4", "--unroll", "5",
                    "--horizon", "10", "--tasks-per-epoch", "2", "--eval-every", "2",
                    "--eval-tasks", "2", "--hidden", "4", "--threads", "1", "--resume", "--out",
                    flipped.resolve("m.safetensors").toString())),
            new Target(
                "idx (t10k labels)",
                mnist.resolve("t10k-labels-idx1-ubyte.gz"),
                flipped ->
                    List.of(
                    "eval", "--problem", "mnist-mlp", "--data", flipped.resolve("mnist").toString(),
                    "--tasks", "1", "--tune-tasks", "1", "--steps", "1", "--threads", "1",
                    "--optimizers", "sgd", "--out", work.resolve("eval").toString())),
            new Target(
                "idx (t10k labels), no SHA256SUMS",
                mnist.resolve("t10k-labels-idx1-ubyte.gz"),
                flipped -> {
                  try {
                    Files.deleteIfExists(flipped.resolve("mnist/SHA256SUMS"));
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                  return List.of(
                      "eval", "--problem", "mnist-mlp", "--data",
                      flipped.resolve("mnist").toString(), "--tasks", "1", "--tune-tasks", "1",
                      "--steps", "1", "--threads", "1", "--optimizers", "sgd", "--out",
                      work.resolve("eval").toString());
                }));

    // Control: every command must succeed on intact copies, or the counts below mean nothing.
    for (Target target : targets) {
      Path intact = work.resolve("intact");
      copyTree(work.resolve("orig"), intact);
      String[] result = run(target.command().apply(intact));
      deleteTree(intact);
      if (!result[0].equals("0")) {
        throw new IllegalStateException(target.name() + " fails on intact files:\n" + result[1]);
      }
    }
    Map<String, int[]> counts = new LinkedHashMap<>();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    for (int i = 0; i < flips; i++) {
      Target target = targets.get(i % targets.size());
      // Fresh copies of all originals in a new directory (the CLI caches datasets by
      // directory), then one flipped bit in the target.
      Path flipped = work.resolve("flip" + i);
      copyTree(work.resolve("orig"), flipped);
      Path file = flipped.resolve(work.resolve("orig").relativize(target.file()));
      byte[] bytes = Files.readAllBytes(file);
      int at = random.nextInt(bytes.length);
      bytes[at] ^= (byte) (1 << random.nextInt(8));
      Files.write(file, bytes);
      int[] c = counts.computeIfAbsent(target.name(), k -> new int[6]);
      List<String> command = target.command().apply(flipped);
      Future<String[]> call = runner.submit(() -> run(command));
      String[] result;
      try {
        result = call.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        c[3]++;
        System.out.println(target.name() + " byte " + at + ": HANG");
        runner.shutdownNow();
        runner = Executors.newSingleThreadExecutor();
        continue;
      }
      deleteTree(flipped);
      int code = Integer.parseInt(result[0]);
      String err = result[1];
      if (err.contains("\tat ") || err.contains("Exception in thread")) {
        c[2]++;
        System.out.println(target.name() + " byte " + at + ": STACK TRACE\n" + err);
      } else if (code == 0) {
        c[1]++;
        boolean intact =
            target.file().toString().endsWith(".gz")
                && Arrays.equals(gunzip(bytes), gunzip(Files.readAllBytes(target.file())));
        c[5] += intact ? 1 : 0;
        System.out.println(
            target.name()
                + " byte "
                + at
                + " of "
                + bytes.length
                + ": accepted"
                + (intact ? ", decompressed data unchanged" : ", DATA CHANGED"));
      } else {
        c[0]++;
        if (i < 4 * 4) {
          System.out.println(target.name() + " byte " + at + ": " + err.strip());
        }
        if (err.strip().lines().count() != 1) {
          c[4]++;
          System.out.println(target.name() + " byte " + at + ": multi-line error\n" + err);
        }
      }
    }
    runner.shutdownNow();
    System.out.println();
    System.out.println(
        "| file | flips | rejected (one line) | accepted (of which data unchanged) | stack traces"
            + " | hangs |");
    System.out.println("|---|---|---|---|---|---|");
    for (var e : counts.entrySet()) {
      int[] c = e.getValue();
      System.out.printf(
          "| %s | %d | %d%s | %d (%d) | %d | %d |%n",
          e.getKey(),
          c[0] + c[1] + c[2] + c[3],
          c[0],
          c[4] > 0 ? " (" + c[4] + " multi-line)" : "",
          c[1],
          c[5],
          c[2],
          c[3]);
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p));
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static byte[] gunzip(byte[] gz) throws Exception {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var walk = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(walk.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.delete(p);
      }
    }
  }

  /** Runs the CLI in this JVM; returns {exit code, stderr}. */
  private static String[] run(List<String> args) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(PrintStream.nullOutputStream())) {
      System.setErr(e);
      System.setOut(o);
      try {
        code = io.learnopt.cli.Main.run(args.toArray(String[]::new));
      } catch (Throwable t) {
        t.printStackTrace(e);
        code = -1;
      }
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
  }
}
