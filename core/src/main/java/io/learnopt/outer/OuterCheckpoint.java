package io.learnopt.outer;

import io.learnopt.LearnoptException;
import io.learnopt.UsageException;
import io.learnopt.Version;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.optim.NamedArrays;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An outer-training checkpoint (safetensors) for any learned rule: the current meta-parameters
 * ({@code meta}), the best ones ({@code best}), the meta-optimizer's state as it saves itself
 * ({@code meta_optimizer.*} tensors, its counters in the metadata), and in the metadata the next
 * round, the best score and round, and the run's settings, of which the must-match keys must be
 * equal for {@code --resume} to continue the same run. Written atomically, so a crash while saving
 * leaves the previous checkpoint intact.
 */
public final class OuterCheckpoint {
  /** The value of the {@code format} metadata key. */
  public static final String FORMAT = "learnopt.outer-checkpoint";

  private static final String OPTIMIZER = "meta_optimizer.";

  private OuterCheckpoint() {}

  /** Saves {@code state} with the run's {@code settings} to {@code file}. */
  public static void save(Path file, OuterState state, Map<String, String> settings) {
    int size = state.meta().length;
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.put("meta", FloatTensor.of(state.meta().clone(), size));
    tensors.put("best", FloatTensor.of(state.best().clone(), size));
    NamedArrays optimizer = new NamedArrays();
    state.metaOptimizerState().save(optimizer);
    optimizer.arrays().forEach((k, v) -> tensors.put(OPTIMIZER + k, FloatTensor.of(v, v.length)));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("learnopt_version", Version.get());
    metadata.putAll(settings);
    metadata.put("next_round", Integer.toString(state.nextRound()));
    metadata.put("best_score", Double.toString(state.bestScore()));
    metadata.put("best_round", Integer.toString(state.bestRound()));
    optimizer.counters().forEach((k, v) -> metadata.put(OPTIMIZER + k, Long.toString(v)));
    Safetensors.write(file, tensors, metadata);
  }

  /**
   * Loads a checkpoint into {@code fresh} (a new state of the same run); the {@code mustMatch} keys
   * of {@code settings} must equal the checkpoint's.
   */
  public static OuterState load(
      Path file, OuterState fresh, Map<String, String> settings, List<String> mustMatch) {
    SafetensorsFile contents = Safetensors.read(file);
    if (!FORMAT.equals(contents.metadata().get("format"))) {
      throw new LearnoptException(
          file
              + ": not a learnopt training checkpoint (metadata 'format' is not '"
              + FORMAT
              + "'); delete it or drop --resume");
    }
    for (String key : mustMatch) {
      String was = contents.metadata().get(key);
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
      System.arraycopy(contents.tensor("meta", size), 0, fresh.meta(), 0, size);
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
      contents
          .metadata()
          .forEach(
              (k, v) -> {
                if (k.startsWith(OPTIMIZER)) {
                  counters.put(k.substring(OPTIMIZER.length()), Long.parseLong(v));
                }
              });
      fresh.metaOptimizerState().restore(NamedArrays.of(arrays, counters));
      fresh.nextRound = Integer.parseInt(contents.metadata("next_round"));
      fresh.restoreBest(
          contents.tensor("best", size),
          Double.parseDouble(contents.metadata("best_score")),
          Integer.parseInt(contents.metadata("best_round")));
    } catch (IllegalArgumentException | LearnoptException e) {
      throw new LearnoptException(file + ": damaged checkpoint: " + e.getMessage(), e);
    }
    return fresh;
  }
}
