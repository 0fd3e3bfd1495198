package io.learnopt.learned;

import io.learnopt.LearnoptException;
import io.learnopt.Version;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained LSTM optimizer as a safetensors file: one tensor per weight ({@code lstm.L.weight},
 * {@code lstm.L.bias}, {@code output.weight}, {@code output.bias}) and metadata holding everything
 * needed to rebuild it (architecture, preprocessing, scale) plus its provenance (training problem
 * and settings, seed, project version), so any safetensors reader can open it.
 */
public final class LstmOptimizerFile {
  /**
   * The newest {@code format_version} this build writes and reads: 2 adds the checksum; files of
   * version 1 (without one) still read.
   */
  public static final int FORMAT_VERSION = 2;

  /** The value of the {@code format} metadata key. */
  public static final String FORMAT = "learnopt.lstm-optimizer";

  /** The value of the {@code architecture} metadata key. */
  public static final String ARCHITECTURE = "coordinatewise-lstm";

  private LstmOptimizerFile() {}

  /** Writes {@code optimizer} with {@code provenance} metadata to {@code file}, atomically. */
  public static void save(Path file, LstmOptimizer optimizer, Map<String, String> provenance) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("format_version", Integer.toString(FORMAT_VERSION));
    metadata.put("learnopt_version", Version.get());
    metadata.putAll(architecture(optimizer.config()));
    metadata.putAll(provenance);
    Safetensors.writeWithChecksum(
        file, tensors(optimizer.layout(), optimizer.parameters(), ""), metadata);
  }

  /** Reads an LSTM optimizer, checking its format, architecture and every tensor's shape. */
  public static LstmOptimizer load(Path file) {
    SafetensorsFile contents = Safetensors.read(file);
    contents.requireFormat(
        FORMAT,
        FORMAT_VERSION,
        "learnopt LSTM optimizer",
        "pass a file written by 'learnopt train'");
    String groups = contents.metadata().get("groups");
    if (groups != null) {
      throw new LearnoptException(
          file
              + " holds one LSTM per parameter group ("
              + groups
              + "), not a single LSTM; read it with io.learnopt.lopt.L2lModelFile.load");
    }
    LstmParameters layout = new LstmParameters(architecture(contents));
    return new LstmOptimizer(layout, parameters(contents, layout, ""));
  }

  /** The metadata entries describing {@code config}. */
  public static Map<String, String> architecture(LstmOptimizerConfig config) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("architecture", ARCHITECTURE);
    metadata.put("layers", Integer.toString(config.layers()));
    metadata.put("hidden", Integer.toString(config.hidden()));
    metadata.put("preprocessing", config.preprocessing().cliName());
    metadata.put("p", Float.toString(config.p()));
    metadata.put("output_scale", Float.toString(config.outputScale()));
    metadata.put("output", config.tanhOutput() ? "tanh" : "linear");
    metadata.put("input_units", Integer.toString(config.inputUnits()));
    return metadata;
  }

  /** The architecture recorded in {@code contents}' metadata. */
  public static LstmOptimizerConfig architecture(SafetensorsFile contents) {
    Path file = contents.path();
    String architecture = contents.metadata("architecture");
    if (!ARCHITECTURE.equals(architecture)) {
      throw new LearnoptException(
          file
              + ": metadata 'architecture' is '"
              + architecture
              + "', but this learnopt reads only '"
              + ARCHITECTURE
              + "'; the file holds another kind of optimizer");
    }
    try {
      return new LstmOptimizerConfig(
          integer(contents, "layers"),
          integer(contents, "hidden"),
          Preprocessing.parse(contents.metadata("preprocessing")),
          number(contents, "p"),
          number(contents, "output_scale"),
          tanhOutput(contents),
          contents.metadata().containsKey("input_units") ? integer(contents, "input_units") : 0);
    } catch (IllegalArgumentException e) {
      throw new LearnoptException(file + ": invalid architecture metadata: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the output is bounded by tanh; files written before tanh outputs are linear (and have
   * no input layer: no {@code input_units}).
   */
  private static boolean tanhOutput(SafetensorsFile contents) {
    String output = contents.metadata().getOrDefault("output", "linear");
    return switch (output) {
      case "linear" -> false;
      case "tanh" -> true;
      default ->
          throw new LearnoptException(
              contents.path()
                  + ": metadata 'output' is '"
                  + output
                  + "'; this learnopt reads 'linear' or 'tanh'");
    };
  }

  /** The LSTM weights as named tensors, names prefixed by {@code prefix}. */
  public static Map<String, FloatTensor> tensors(
      LstmParameters layout, float[] phi, String prefix) {
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    String[] names = layout.tensorNames();
    int[][] shapes = layout.tensorShapes();
    int[] offsets = layout.tensorOffsets();
    for (int i = 0; i < names.length; i++) {
      int size = 1;
      for (int d : shapes[i]) {
        size *= d;
      }
      float[] data = new float[size];
      System.arraycopy(phi, offsets[i], data, 0, size);
      tensors.put(prefix + names[i], FloatTensor.of(data, shapes[i]));
    }
    return tensors;
  }

  /** φ assembled from the tensors named with {@code prefix}, each checked against its shape. */
  public static float[] parameters(SafetensorsFile contents, LstmParameters layout, String prefix) {
    float[] phi = new float[layout.size()];
    String[] names = layout.tensorNames();
    int[][] shapes = layout.tensorShapes();
    int[] offsets = layout.tensorOffsets();
    for (int i = 0; i < names.length; i++) {
      float[] data = contents.tensor(prefix + names[i], shapes[i]);
      System.arraycopy(data, 0, phi, offsets[i], data.length);
    }
    for (int i = 0; i < phi.length; i++) {
      if (!Float.isFinite(phi[i])) {
        throw new LearnoptException(
            contents.path() + ": meta-parameter " + i + " is " + phi[i] + "; the file is damaged");
      }
    }
    return phi;
  }

  private static int integer(SafetensorsFile contents, String key) {
    String raw = contents.metadata(key);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new LearnoptException(
          contents.path() + ": metadata '" + key + "' must be an integer, got '" + raw + "'");
    }
  }

  private static float number(SafetensorsFile contents, String key) {
    String raw = contents.metadata(key);
    try {
      return Float.parseFloat(raw);
    } catch (NumberFormatException e) {
      throw new LearnoptException(
          contents.path() + ": metadata '" + key + "' must be a number, got '" + raw + "'");
    }
  }
}
