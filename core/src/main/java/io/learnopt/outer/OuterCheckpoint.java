package io.learnopt.outer;

import io.learnopt.LearnoptException;
import io.learnopt.UsageException;
import io.learnopt.Version;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.optim.NamedArrays;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An outer-training checkpoint (safetensors) for any learned rule. Tensors: the current
 * meta-parameters ({@code meta}), the best validated ones ({@code best}) and the meta-optimizer's
 * state as it saves itself ({@code meta_optimizer.*}, e.g. {@code meta_optimizer.1.m} and {@code
 * .1.v}, Adam's first and second moments per meta-parameter behind the clipping step {@code 0}).
 * Metadata: the next round, the best score and round, the score of the final meta-parameters when
 * the last round was validated off schedule ({@code final_score}), the meta-optimizer's counters
 * (e.g. {@code meta_optimizer.1.t}), the run's log rows up to the checkpoint ({@code log}, so the
 * log can always be rebuilt to agree with it), and the run's settings, of which the must-match keys
 * must be equal for {@code --resume} to continue the same run.
 *
 * <p>Loading checks every field's range and every tensor's finiteness and names the field that is
 * wrong; the file's checksum (see {@link Safetensors}) catches flipped bits. Written atomically, so
 * a crash while saving leaves the previous checkpoint intact.
 */
public final class OuterCheckpoint {
  /** Settings that older checkpoints did not record, with the value they all had. */
  private static final Map<String, String> UNRECORDED = Map.of("estimator", "bptt");

  /**
   * What a checkpoint from before setting {@code key} existed ran with: {@link #UNRECORDED}, and
   * for {@code min_horizon} its fixed {@code horizon}.
   */
  private static String unrecorded(String key, Map<String, String> metadata) {
    return key.equals("min_horizon") ? metadata.get("horizon") : UNRECORDED.get(key);
  }

  /** The value of the {@code format} metadata key. */
  public static final String FORMAT = "learnopt.outer-checkpoint";

  /**
   * The newest {@code format_version} this build writes and reads: 2 adds the checksum; files of
   * version 1 (without one) still read.
   */
  public static final int FORMAT_VERSION = 2;

  private static final String OPTIMIZER = "meta_optimizer.";

  private OuterCheckpoint() {}

  /**
   * A loaded checkpoint: the state and the log rows it was saved with (null if it has none: written
   * by an older version).
   */
  public record Contents(OuterState state, List<String> logRows) {}

  /** Saves {@code state} with the run's {@code settings} and no log rows to {@code file}. */
  public static void save(Path file, OuterState state, Map<String, String> settings) {
    save(file, state, settings, List.of());
  }

  /** Saves {@code state}, the run's {@code settings} and its {@code logRows} to {@code file}. */
  public static void save(
      Path file, OuterState state, Map<String, String> settings, List<String> logRows) {
    int size = state.meta().length;
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.put("meta", FloatTensor.of(state.meta().clone(), size));
    tensors.put("best", FloatTensor.of(state.best().clone(), size));
    NamedArrays optimizer = new NamedArrays();
    state.metaOptimizerState().save(optimizer);
    optimizer.arrays().forEach((k, v) -> tensors.put(OPTIMIZER + k, FloatTensor.of(v, v.length)));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("format_version", Integer.toString(FORMAT_VERSION));
    metadata.put("learnopt_version", Version.get());
    metadata.putAll(settings);
    metadata.put("next_round", Integer.toString(state.nextRound()));
    metadata.put("best_score", Double.toString(state.bestScore()));
    metadata.put("best_round", Integer.toString(state.bestRound()));
    metadata.put("final_score", Double.toString(state.finalScore()));
    optimizer.counters().forEach((k, v) -> metadata.put(OPTIMIZER + k, Long.toString(v)));
    metadata.put("log", String.join("\n", logRows));
    Safetensors.writeWithChecksum(file, tensors, metadata);
  }

  /**
   * Loads a checkpoint into {@code fresh} (a new state of the same run of {@code rounds} rounds);
   * the {@code mustMatch} keys of {@code settings} must equal the checkpoint's.
   */
  public static OuterState load(
      Path file, OuterState fresh, Map<String, String> settings, List<String> mustMatch) {
    return read(file, fresh, Integer.MAX_VALUE, settings, mustMatch).state();
  }

  /**
   * Loads a checkpoint into {@code fresh} (a new state of a run of {@code rounds} rounds), with its
   * log rows; the {@code mustMatch} keys of {@code settings} must equal the checkpoint's.
   *
   * @throws LearnoptException naming the file and the field if a field is missing, out of range or
   *     not finite
   * @throws UsageException if a must-match setting differs or the checkpoint is past {@code rounds}
   */
  public static Contents read(
      Path file,
      OuterState fresh,
      int rounds,
      Map<String, String> settings,
      List<String> mustMatch) {
    SafetensorsFile contents = Safetensors.read(file);
    contents.requireFormat(
        FORMAT, FORMAT_VERSION, "learnopt training checkpoint", "delete it or drop --resume");
    for (String key : mustMatch) {
      String was = contents.metadata().getOrDefault(key, unrecorded(key, contents.metadata()));
      if (was == null || !was.equals(settings.get(key))) {
        throw new UsageException(
            file
                + ": checkpoint was made with "
                + key
                + "="
                + was
                + " but this run has "
                + key
                + "="
                + settings.get(key)
                + "; pass the same settings or drop --resume");
      }
    }
    int size = fresh.meta().length;
    try {
      Fields fields = new Fields(contents);
      int nextRound = fields.integer("next_round", 0, Integer.MAX_VALUE - 1);
      if (nextRound > rounds) {
        throw new UsageException(
            file
                + ": the checkpoint is at round "
                + nextRound
                + " but this run has "
                + rounds
                + "; pass at least that many rounds or drop --resume");
      }
      int bestRound = fields.integer("best_round", OuterState.NEVER, nextRound - 1);
      if (bestRound != OuterState.NEVER && bestRound < -1) {
        throw fields.bad("best_round", "-1 or more, or " + OuterState.NEVER + " (none yet)");
      }
      double bestScore = fields.real("best_score", bestRound == OuterState.NEVER);
      double finalScore =
          contents.metadata().containsKey("final_score")
              ? fields.real("final_score", true)
              : Double.NaN;
      float[] meta = fields.meta("meta", size);
      float[] best = fields.meta("best", size);
      Map<String, float[]> arrays = new LinkedHashMap<>();
      Map<String, Long> counters = new LinkedHashMap<>();
      contents
          .tensors()
          .forEach(
              (k, v) -> {
                if (k.startsWith(OPTIMIZER)) {
                  arrays.put(k.substring(OPTIMIZER.length()), v.data());
                }
              });
      for (String key : contents.metadata().keySet()) {
        if (key.startsWith(OPTIMIZER)) {
          counters.put(key.substring(OPTIMIZER.length()), fields.counter(key));
        }
      }
      fresh.metaOptimizerState().restore(NamedArrays.of(arrays, counters));
      System.arraycopy(meta, 0, fresh.meta(), 0, size);
      fresh.nextRound = nextRound;
      fresh.restoreBest(best, bestScore, bestRound);
      fresh.finalScore = finalScore;
      String log = contents.metadata().get("log");
      List<String> rows =
          log == null ? null : log.isEmpty() ? List.of() : Arrays.asList(log.split("\n"));
      return new Contents(fresh, rows);
    } catch (UsageException e) {
      throw e;
    } catch (IllegalArgumentException | LearnoptException e) {
      throw new LearnoptException(file + ": damaged checkpoint: " + e.getMessage(), e);
    }
  }

  /** Reads and range-checks the checkpoint's fields, naming the field in every message. */
  private record Fields(SafetensorsFile contents) {
    int integer(String key, int min, int max) {
      long value = whole(key);
      if (value < min || value > max) {
        throw bad(key, "in [" + min + ", " + max + "]");
      }
      return (int) value;
    }

    long counter(String key) {
      long value = whole(key);
      if (value < 0) {
        throw bad(key, ">= 0");
      }
      return value;
    }

    private long whole(String key) {
      try {
        return Long.parseLong(contents.metadata(key));
      } catch (NumberFormatException e) {
        throw bad(key, "an integer");
      }
    }

    double real(String key, boolean nanAllowed) {
      try {
        double value = Double.parseDouble(contents.metadata(key));
        if (Double.isInfinite(value) || (Double.isNaN(value) && !nanAllowed)) {
          throw bad(key, nanAllowed ? "a finite number or NaN" : "a finite number");
        }
        return value;
      } catch (NumberFormatException e) {
        throw bad(key, "a number");
      }
    }

    float[] meta(String name, int size) {
      float[] values = contents.tensor(name, size);
      for (int i = 0; i < values.length; i++) {
        if (!(Math.abs(values[i]) <= OuterTrainer.MAX_META_MAGNITUDE)) {
          throw new LearnoptException(
              "tensor '"
                  + name
                  + "' holds "
                  + values[i]
                  + " at index "
                  + i
                  + "; meta-parameters are finite and within ±"
                  + OuterTrainer.MAX_META_MAGNITUDE);
        }
      }
      return values;
    }

    LearnoptException bad(String key, String expected) {
      return new LearnoptException(
          "metadata '" + key + "' is '" + contents.metadata().get(key) + "'; expected " + expected);
    }
  }
}
