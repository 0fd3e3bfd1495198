package io.learnopt.lopt;

import static java.util.stream.Collectors.joining;

import io.learnopt.LearnoptException;
import io.learnopt.Version;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A trained {@link MlpLopt} as safetensors: tensors {@code layer.L.weight} [in × out] and {@code
 * layer.L.bias} [out] for every layer (the last is the output layer of 2 units), and metadata
 * holding the configuration ({@code hidden}, {@code momentum_decays}, {@code rms_decay}, {@code
 * time_scales}, {@code step_scale}, {@code exp_scale}), checked with a SHA-256 of the whole file.
 *
 * @param config the network and feature shape
 * @param phi the meta-parameters
 */
public record MlpLoptFile(MlpLoptConfig config, float[] phi) implements LearnedModel {
  /** The value of the {@code format} metadata key. */
  public static final String FORMAT = "learnopt.mlp-lopt";

  /** The newest format version this learnopt writes and reads. */
  public static final int FORMAT_VERSION = 2;

  /** Checks that φ fits the configuration; copies it. */
  public MlpLoptFile {
    phi = phi.clone();
    int expected = new MlpLopt(config).parameterCount();
    if (phi.length != expected) {
      throw new IllegalArgumentException(
          "the optimizer has " + expected + " meta-parameters, got " + phi.length);
    }
  }

  @Override
  public MlpLopt rule() {
    return new MlpLopt(config);
  }

  @Override
  public float[] phi() {
    return phi.clone();
  }

  @Override
  public Map<String, String> description() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("architecture", MlpLopt.NAME);
    m.put(
        "hidden", Arrays.stream(config.hidden()).mapToObj(Integer::toString).collect(joining(",")));
    m.put("momentum_decays", join(config.momentumDecays()));
    m.put("rms_decay", Float.toString(config.rmsDecay()));
    m.put("time_scales", join(config.timeScales()));
    m.put("step_scale", Float.toString(config.stepScale()));
    m.put("exp_scale", Float.toString(config.expScale()));
    return m;
  }

  private static String join(float[] values) {
    return IntStream.range(0, values.length)
        .mapToObj(i -> Float.toString(values[i]))
        .collect(joining(","));
  }

  @Override
  public void save(Path file, Map<String, String> provenance) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("format_version", Integer.toString(FORMAT_VERSION));
    metadata.put("learnopt_version", Version.get());
    metadata.putAll(description());
    metadata.putAll(provenance);
    MlpLoptNet net = new MlpLoptNet(config);
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (int l = 0; l < net.layers(); l++) {
      int in = net.inputs(l);
      int out = net.width(l);
      tensors.put(
          "layer." + l + ".weight",
          FloatTensor.of(
              Arrays.copyOfRange(phi, net.weightOffset(l), net.weightOffset(l) + in * out),
              in,
              out));
      tensors.put(
          "layer." + l + ".bias",
          FloatTensor.of(Arrays.copyOfRange(phi, net.biasOffset(l), net.biasOffset(l) + out), out));
    }
    Safetensors.writeWithChecksum(file, tensors, metadata);
  }

  /** Reads a file, checking format, configuration, every tensor's shape and every value. */
  public static MlpLoptFile load(Path file) {
    SafetensorsFile contents = Safetensors.read(file);
    contents.requireFormat(
        FORMAT,
        FORMAT_VERSION,
        "learnopt mlp-lopt optimizer",
        "pass a file written by 'learnopt train --rule mlp-lopt'");
    MlpLoptConfig config;
    try {
      config =
          new MlpLoptConfig(
              Arrays.stream(contents.metadata("hidden").split(",", -1))
                  .mapToInt(s -> Integer.parseInt(s.trim()))
                  .toArray(),
              floats(contents.metadata("momentum_decays")),
              Float.parseFloat(contents.metadata("rms_decay")),
              floats(contents.metadata("time_scales")),
              Float.parseFloat(contents.metadata("step_scale")),
              Float.parseFloat(contents.metadata("exp_scale")));
    } catch (IllegalArgumentException e) {
      throw new LearnoptException(
          file + ": invalid mlp-lopt metadata: " + e.getMessage() + "; the file is damaged", e);
    }
    MlpLoptNet net = new MlpLoptNet(config);
    float[] phi = new float[net.size()];
    for (int l = 0; l < net.layers(); l++) {
      float[] w = contents.tensor("layer." + l + ".weight", net.inputs(l), net.width(l));
      System.arraycopy(w, 0, phi, net.weightOffset(l), w.length);
      float[] b = contents.tensor("layer." + l + ".bias", net.width(l));
      System.arraycopy(b, 0, phi, net.biasOffset(l), b.length);
    }
    if (contents.tensors().size() != 2 * net.layers()) {
      throw new LearnoptException(
          String.format(
              Locale.ROOT,
              "%s: %d tensors but an mlp-lopt with %d layers has %d; the file is damaged",
              file,
              contents.tensors().size(),
              net.layers(),
              2 * net.layers()));
    }
    for (int i = 0; i < phi.length; i++) {
      if (!Float.isFinite(phi[i])) {
        throw new LearnoptException(
            file + ": meta-parameter " + i + " is " + phi[i] + "; the file is damaged");
      }
    }
    return new MlpLoptFile(config, phi);
  }

  private static float[] floats(String list) {
    if (list.isEmpty()) {
      return new float[0];
    }
    String[] parts = list.split(",", -1);
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].trim());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlpLoptFile f && config.equals(f.config) && Arrays.equals(phi, f.phi);
  }

  @Override
  public int hashCode() {
    return 31 * config.hashCode() + Arrays.hashCode(phi);
  }

  @Override
  public String toString() {
    return "MlpLoptFile[" + config + ", " + phi.length + " meta-parameters]";
  }
}
