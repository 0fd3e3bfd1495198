package io.learnopt.meta;

import io.learnopt.LearnoptException;
import io.learnopt.UsageException;
import io.learnopt.Version;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.LstmOptimizerFile;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmParameters;
import io.learnopt.optim.NamedArrays;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A meta-training checkpoint (safetensors): current φ ({@code phi.*}), best φ ({@code best.*}),
 * Adam's moments, and in the metadata the next epoch, Adam's step, the best score and the settings
 * that must match for {@code --resume} to continue the same run. Written atomically, so a crash
 * while saving leaves the previous checkpoint intact.
 */
public final class MetaCheckpoint {
  /** The value of the {@code format} metadata key. */
  public static final String FORMAT = "learnopt.meta-checkpoint";

  private static final String[] MUST_MATCH = {
    "problem",
    "unroll",
    "horizon",
    "tasks_per_epoch",
    "lr",
    "clip",
    "seed",
    "eval_tasks",
    "weighting"
  };

  private MetaCheckpoint() {}

  /** The training settings of {@code trainer} as metadata (also recorded in the final model). */
  public static Map<String, String> settings(MetaTrainer trainer) {
    MetaTrainingConfig c = trainer.config();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("problem", trainer.problem().name());
    m.put("epochs", Integer.toString(c.epochs()));
    m.put("unroll", Integer.toString(c.unroll()));
    m.put("horizon", Integer.toString(c.horizon()));
    m.put("tasks_per_epoch", Integer.toString(c.tasksPerEpoch()));
    m.put("lr", Double.toString(c.learningRate()));
    m.put("clip", Double.toString(c.clipNorm()));
    m.put("eval_every", Integer.toString(c.evalEvery()));
    m.put("eval_tasks", Integer.toString(c.evalTasks()));
    m.put("seed", Long.toString(c.seed()));
    m.put("weighting", c.weighting().cliName());
    return m;
  }

  /** Saves {@code state} of {@code trainer} to {@code file}. */
  public static void save(Path file, MetaTrainer trainer, MetaTrainingState state) {
    LstmParameters layout = trainer.layout();
    NamedArrays saved = new NamedArrays();
    state.metaOptimizerState().save(saved);
    NamedArrays adam = trainer.adamEntries(saved);
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.putAll(LstmOptimizerFile.tensors(layout, state.phi(), "phi."));
    tensors.putAll(LstmOptimizerFile.tensors(layout, state.bestPhi(), "best."));
    // Adam's arrays m and v (saved as copies) as adam.m and adam.v.
    adam.arrays()
        .forEach(
            (name, values) ->
                tensors.put(
                    "adam." + name.substring(name.lastIndexOf('.') + 1),
                    FloatTensor.of(values, layout.size())));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("learnopt_version", Version.get());
    metadata.putAll(LstmOptimizerFile.architecture(layout.config()));
    metadata.putAll(settings(trainer));
    metadata.put("next_epoch", Integer.toString(state.nextEpoch()));
    metadata.put("adam_step", Long.toString(adam.counter("t")));
    metadata.put("best_score", Double.toString(state.bestScore()));
    metadata.put("best_epoch", Integer.toString(state.bestEpoch()));
    Safetensors.write(file, tensors, metadata);
  }

  /**
   * Loads a checkpoint to continue {@code trainer}'s run; the architecture and settings must match
   * (only {@code --epochs} may grow).
   */
  public static MetaTrainingState load(Path file, MetaTrainer trainer) {
    SafetensorsFile contents = Safetensors.read(file);
    if (!FORMAT.equals(contents.metadata().get("format"))) {
      throw new LearnoptException(
          file
              + ": not a learnopt meta-training checkpoint (metadata 'format' is not '"
              + FORMAT
              + "')");
    }
    LstmOptimizerConfig saved = LstmOptimizerFile.architecture(contents);
    LstmParameters layout = trainer.layout();
    if (!saved.equals(layout.config())) {
      throw new UsageException(
          file
              + ": checkpoint architecture "
              + saved
              + " differs from this run's "
              + layout.config()
              + "; pass the same options or drop --resume");
    }
    Map<String, String> expected = settings(trainer);
    for (String key : MUST_MATCH) {
      String was = contents.metadata(key);
      if (!was.equals(expected.get(key))) {
        throw new UsageException(
            file
                + ": checkpoint was made with "
                + key
                + "="
                + was
                + " but this run has "
                + key
                + "="
                + expected.get(key)
                + "; pass the same settings or drop --resume");
      }
    }
    MetaTrainingState state = trainer.initialState();
    System.arraycopy(
        LstmOptimizerFile.parameters(contents, layout, "phi."), 0, state.phi(), 0, layout.size());
    NamedArrays entries = new NamedArrays();
    NamedArrays adam = trainer.adamEntries(entries);
    try {
      adam.putArray("m", contents.tensor("adam.m", layout.size()));
      adam.putArray("v", contents.tensor("adam.v", layout.size()));
      adam.putCounter("t", Integer.parseInt(contents.metadata("adam_step")));
      state.metaOptimizerState().restore(entries);
      state.nextEpoch = Integer.parseInt(contents.metadata("next_epoch"));
      state.restoreBest(
          LstmOptimizerFile.parameters(contents, layout, "best."),
          Double.parseDouble(contents.metadata("best_score")),
          Integer.parseInt(contents.metadata("best_epoch")));
    } catch (IllegalArgumentException e) {
      throw new LearnoptException(file + ": damaged checkpoint metadata: " + e.getMessage(), e);
    }
    return state;
  }
}
