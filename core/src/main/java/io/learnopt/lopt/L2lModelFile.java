package io.learnopt.lopt;

import io.learnopt.LearnoptException;
import io.learnopt.Version;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmOptimizerFile;
import io.learnopt.learned.LstmParameters;
import io.learnopt.learned.Preprocessing;
import io.learnopt.optim.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained L2L optimizer file: one coordinatewise LSTM ({@link LstmOptimizerFile}'s layout), or
 * one LSTM per parameter group ({@link GroupedRules} of {@link L2lLstm}s, the paper's CIFAR
 * optimizer). A grouped file lists its groups in the metadata key {@code groups} ({@code conv,fc})
 * and prefixes each LSTM's tensors with its group ({@code conv.lstm.0.weight}); every LSTM has the
 * architecture in the metadata.
 *
 * @param config the architecture of every LSTM
 * @param groups the group of each LSTM; empty for a single LSTM applied to every coordinate
 * @param phi the meta-parameters, the LSTMs' concatenated in group order
 */
public record L2lModelFile(LstmOptimizerConfig config, List<String> groups, float[] phi)
    implements LearnedModel {
  /** The metadata key listing the groups of a grouped file. */
  public static final String GROUPS = "groups";

  /** Checks that φ fits the rule. */
  public L2lModelFile {
    groups = List.copyOf(groups);
    phi = phi.clone();
    int expected = rule(config, groups).parameterCount();
    if (phi.length != expected) {
      throw new IllegalArgumentException(
          "the optimizer has " + expected + " meta-parameters, got " + phi.length);
    }
  }

  /** The trained {@code rule} (an {@link L2lLstm} or a {@link GroupedRules} of them) and its φ. */
  public static L2lModelFile of(LearnedOptimizer rule, float[] phi) {
    if (rule instanceof L2lLstm lstm) {
      return new L2lModelFile(lstm.config(), List.of(), phi);
    }
    if (rule instanceof GroupedRules grouped
        && grouped.rules().stream().allMatch(r -> r instanceof L2lLstm)) {
      LstmOptimizerConfig config = ((L2lLstm) grouped.rules().get(0)).config();
      if (grouped.rules().stream().anyMatch(r -> !((L2lLstm) r).config().equals(config))) {
        throw new IllegalArgumentException("every group's LSTM must have the same architecture");
      }
      return new L2lModelFile(config, grouped.groups(), phi);
    }
    throw new IllegalArgumentException("not an L2L LSTM optimizer: " + rule.name());
  }

  @Override
  public LearnedOptimizer rule() {
    return rule(config, groups);
  }

  /**
   * What tables call a lone file of this kind: {@code rnnprop} for RNNprop's Adam inputs and tanh
   * output, else {@code lstm}.
   */
  public String displayName() {
    return config.preprocessing() == Preprocessing.ADAM && config.tanhOutput() ? "rnnprop" : "lstm";
  }

  @Override
  public Optimizer optimizer() {
    return rule().bind(phi);
  }

  /** A copy of φ. */
  @Override
  public float[] phi() {
    return phi.clone();
  }

  private static LearnedOptimizer rule(LstmOptimizerConfig config, List<String> groups) {
    L2lLstm lstm = new L2lLstm(config);
    return groups.isEmpty() ? lstm : GroupedRules.of(groups, lstm);
  }

  /**
   * The architecture metadata and, for a grouped file, the groups: the settings a checkpoint must
   * match to be resumed.
   */
  @Override
  public Map<String, String> description() {
    Map<String, String> metadata = new LinkedHashMap<>(LstmOptimizerFile.architecture(config));
    if (!groups.isEmpty()) {
      metadata.put(GROUPS, String.join(",", groups));
    }
    return metadata;
  }

  @Override
  public void save(Path file, Map<String, String> provenance) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", LstmOptimizerFile.FORMAT);
    metadata.put("format_version", Integer.toString(LstmOptimizerFile.FORMAT_VERSION));
    metadata.put("learnopt_version", Version.get());
    metadata.putAll(description());
    metadata.putAll(provenance);
    LstmParameters layout = new LstmParameters(config);
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    if (groups.isEmpty()) {
      tensors.putAll(LstmOptimizerFile.tensors(layout, phi, ""));
    } else {
      for (int r = 0; r < groups.size(); r++) {
        float[] part = Arrays.copyOfRange(phi, r * layout.size(), (r + 1) * layout.size());
        tensors.putAll(LstmOptimizerFile.tensors(layout, part, groups.get(r) + "."));
      }
    }
    Safetensors.writeWithChecksum(file, tensors, metadata);
  }

  /** Reads a file of either kind, checking format, architecture, groups and every tensor. */
  public static L2lModelFile load(Path file) {
    SafetensorsFile contents = Safetensors.read(file);
    contents.requireFormat(
        LstmOptimizerFile.FORMAT,
        LstmOptimizerFile.FORMAT_VERSION,
        "learnopt LSTM optimizer",
        "pass a file written by 'learnopt train'");
    LstmOptimizerConfig config = LstmOptimizerFile.architecture(contents);
    LstmParameters layout = new LstmParameters(config);
    String listed = contents.metadata().get(GROUPS);
    if (listed == null) {
      return new L2lModelFile(
          config, List.of(), LstmOptimizerFile.parameters(contents, layout, ""));
    }
    List<String> groups = groups(file, listed);
    float[] phi = new float[groups.size() * layout.size()];
    for (int r = 0; r < groups.size(); r++) {
      float[] part = LstmOptimizerFile.parameters(contents, layout, groups.get(r) + ".");
      System.arraycopy(part, 0, phi, r * layout.size(), part.length);
    }
    return new L2lModelFile(config, groups, phi);
  }

  private static List<String> groups(Path file, String listed) {
    List<String> groups = new ArrayList<>(Arrays.asList(listed.split(",", -1)));
    boolean valid =
        !groups.isEmpty()
            && groups.stream().distinct().count() == groups.size()
            && groups.stream().allMatch(g -> g.matches("[A-Za-z0-9_-]+"));
    if (!valid) {
      throw new LearnoptException(
          file
              + ": metadata 'groups' must be distinct names of letters, digits, '_' or '-' separated"
              + " by commas, got '"
              + listed
              + "'; the file is damaged");
    }
    return groups;
  }
}
