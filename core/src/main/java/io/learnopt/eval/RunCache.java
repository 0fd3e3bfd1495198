package io.learnopt.eval;

import io.learnopt.Version;
import io.learnopt.data.Sha256Sums;
import io.learnopt.io.AtomicFiles;
import io.learnopt.optim.Optimizer;
import io.learnopt.optim.Optimizers;
import io.learnopt.problem.Problem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every finished run of a hand-designed optimizer (a registered rule, known by its full
 * {@link Optimizers#spec spec}) on a task in a file of its own, and serves it again instead of
 * running it: a long suite that stops resumes where it was, and the baselines' grid searches, which
 * dominate a suite, are done once for every learned optimizer compared with them later.
 *
 * <p>A run is a pure function of the optimizer's spec, the problem, the task seed and the step
 * count (see {@link Evaluator.Runner}), given the data and the code: the key holds all of them, the
 * data and code as the caller's {@code context} and learnopt's version. Learned optimizers are
 * always run. Files are written atomically; one that cannot be read or holds another key is run
 * again and replaced.
 */
public final class RunCache implements Evaluator.Runner {
  private static final String MAGIC = "learnopt-run-1";

  private final Path dir;
  private final String context;
  private final Evaluator.Runner inner;

  /**
   * A cache in {@code dir} (created when first written) in front of {@code inner}, for runs whose
   * results also depend on {@code context} (e.g. the data directory).
   */
  public RunCache(Path dir, String context, Evaluator.Runner inner) {
    this.dir = dir;
    this.context = context;
    this.inner = inner;
  }

  @Override
  public Evaluator.TaskRun[][] runAll(
      List<Optimizer> optimizers, Problem problem, long[] seeds, int steps, boolean finalMetrics) {
    Evaluator.TaskRun[][] runs = new Evaluator.TaskRun[optimizers.size()][seeds.length];
    String[][] keys = new String[optimizers.size()][seeds.length];
    // Optimizers missing the same tasks run together, so a grid's rates still share the threads.
    Map<List<Long>, List<Integer>> missing = new LinkedHashMap<>();
    for (int o = 0; o < optimizers.size(); o++) {
      String spec = specOf(optimizers.get(o));
      List<Long> todo = new ArrayList<>();
      for (int i = 0; i < seeds.length; i++) {
        if (spec != null) {
          keys[o][i] = key(spec, problem, seeds[i], steps);
          runs[o][i] = read(keys[o][i], finalMetrics);
        }
        if (runs[o][i] == null) {
          todo.add(seeds[i]);
        }
      }
      if (!todo.isEmpty()) {
        missing.computeIfAbsent(todo, k -> new ArrayList<>()).add(o);
      }
    }
    for (Map.Entry<List<Long>, List<Integer>> group : missing.entrySet()) {
      long[] todo = group.getKey().stream().mapToLong(Long::longValue).toArray();
      List<Optimizer> subset = group.getValue().stream().map(optimizers::get).toList();
      Evaluator.TaskRun[][] fresh = inner.runAll(subset, problem, todo, steps, finalMetrics);
      for (int k = 0; k < subset.size(); k++) {
        int o = group.getValue().get(k);
        int next = 0;
        for (int i = 0; i < seeds.length; i++) {
          if (runs[o][i] == null) {
            runs[o][i] = fresh[k][next++];
            if (keys[o][i] != null) {
              write(keys[o][i], runs[o][i], finalMetrics);
            }
          }
        }
      }
    }
    return runs;
  }

  /**
   * What identifies {@code optimizer}: a registered rule's full spec; for any other (a learned
   * optimizer and its meta-parameters) the SHA-256 of its Java serialization, which changes with
   * its parameters and with its classes' shape; null if it cannot be serialized (never cached).
   */
  private static String specOf(Optimizer optimizer) {
    try {
      return Optimizers.spec(optimizer);
    } catch (IllegalArgumentException notRegistered) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(optimizer);
      } catch (IOException notSerializable) {
        return null;
      }
      return optimizer.name() + " serialized " + Sha256Sums.sha256(bytes.toByteArray());
    }
  }

  private String key(String spec, Problem problem, long seed, int steps) {
    return String.join(
        "\n",
        MAGIC,
        "learnopt=" + Version.get(),
        "context=" + context,
        "problem=" + problem.name(),
        "seed=" + seed,
        "steps=" + steps,
        "optimizer=" + spec);
  }

  private Path file(String key) {
    String hash = Sha256Sums.sha256(key.getBytes(StandardCharsets.UTF_8));
    return dir.resolve(hash.substring(0, 32) + ".run");
  }

  /** The stored run of {@code key}, or null if there is none usable. */
  private Evaluator.TaskRun read(String key, boolean finalMetrics) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file(key));
    } catch (IOException absentOrUnreadable) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (!in.readUTF().equals(key)) {
        return null;
      }
      boolean hasMetrics = in.readBoolean();
      double msPerStep = in.readDouble();
      double[] losses = new double[in.readInt()];
      for (int t = 0; t < losses.length; t++) {
        losses[t] = in.readFloat();
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      int count = in.readInt();
      for (int m = 0; m < count; m++) {
        metrics.put(in.readUTF(), in.readDouble());
      }
      if (in.read() != -1 || finalMetrics && !hasMetrics) {
        return null;
      }
      return new Evaluator.TaskRun(losses, finalMetrics ? metrics : Map.of(), msPerStep);
    } catch (IOException | RuntimeException corrupt) {
      return null;
    }
  }

  private void write(String key, Evaluator.TaskRun run, boolean finalMetrics) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(key);
      out.writeBoolean(finalMetrics);
      out.writeDouble(run.msPerStep());
      double[] losses = run.losses();
      out.writeInt(losses.length);
      for (double loss : losses) {
        // Losses are float values widened to double (NaN after a divergence): exact as floats.
        out.writeFloat((float) loss);
      }
      out.writeInt(run.metrics().size());
      for (Map.Entry<String, Double> m : run.metrics().entrySet()) {
        out.writeUTF(m.getKey());
        out.writeDouble(m.getValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    AtomicFiles.write(file(key), bytes.toByteArray());
  }
}
