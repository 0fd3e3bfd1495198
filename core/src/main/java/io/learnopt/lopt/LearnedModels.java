package io.learnopt.lopt;

import io.learnopt.LearnoptException;
import io.learnopt.io.Safetensors;
import io.learnopt.learned.LstmOptimizerFile;
import java.nio.file.Path;

/** Model files of every learned optimizer: which kind a rule or a file is. */
public final class LearnedModels {
  private LearnedModels() {}

  /**
   * The model of {@code rule} with meta-parameters {@code phi}.
   *
   * @throws IllegalArgumentException if the rule has no model file format
   */
  public static LearnedModel of(LearnedOptimizer rule, float[] phi) {
    if (rule instanceof MlpLopt mlp) {
      return new MlpLoptFile(mlp.config(), phi);
    }
    return L2lModelFile.of(rule, phi);
  }

  /**
   * Reads a model file of any kind, told apart by its {@code format} metadata.
   *
   * @throws LearnoptException naming the file if it is no learnopt optimizer or is damaged
   */
  public static LearnedModel load(Path file) {
    String format = Safetensors.read(file).metadata().get("format");
    if (MlpLoptFile.FORMAT.equals(format)) {
      return MlpLoptFile.load(file);
    }
    if (LstmOptimizerFile.FORMAT.equals(format)) {
      return L2lModelFile.load(file);
    }
    throw new LearnoptException(
        file
            + ": not a learnopt optimizer (metadata 'format' is "
            + (format == null ? "missing" : "'" + format + "'")
            + ", expected '"
            + LstmOptimizerFile.FORMAT
            + "' or '"
            + MlpLoptFile.FORMAT
            + "'); pass a file written by 'learnopt train'");
  }
}
