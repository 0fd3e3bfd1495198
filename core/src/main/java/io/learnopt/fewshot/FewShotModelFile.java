package io.learnopt.fewshot;

import io.learnopt.LearnoptException;
import io.learnopt.Version;
import io.learnopt.io.FloatTensor;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import io.learnopt.nn.Classifier;
import io.learnopt.tensor.ParameterLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A meta-trained few-shot method as a safetensors file: the learned initialization θ₀ as one tensor
 * per learner parameter ({@code init.block0.conv.weight}, …, {@code init.head.bias}), the inner
 * rule's meta-parameters as {@code rule} (absent for first-order MAML), and metadata that rebuilds
 * the method (method, learner, ways, shots, inner steps and rate) plus its provenance.
 */
public final class FewShotModelFile {
  /**
   * The newest {@code format_version} this build writes and reads: 2 adds the checksum; files of
   * version 1 (without one) still read.
   */
  public static final int FORMAT_VERSION = 2;

  /** The value of the {@code format} metadata key. */
  public static final String FORMAT = "learnopt.fewshot-model";

  private static final String INIT = "init.";
  private static final String RULE = "rule";

  /** A loaded model: the method ready to run and how it was trained. */
  public record Model(
      EpisodicMetaLearner method,
      LearnerSpec learner,
      int ways,
      int shots,
      Map<String, String> metadata) {}

  private FewShotModelFile() {}

  /** Writes {@code method} (trained for {@code ways}-way {@code shots}-shot) atomically. */
  public static void save(
      Path file,
      EpisodicMetaLearner method,
      LearnerSpec learner,
      int ways,
      int shots,
      float innerLr,
      Map<String, String> provenance) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("format_version", Integer.toString(FORMAT_VERSION));
    metadata.put("learnopt_version", Version.get());
    metadata.put("method", method.name());
    metadata.put("learner", learner.toString());
    metadata.put("ways", Integer.toString(ways));
    metadata.put("shots", Integer.toString(shots));
    metadata.put("inner_steps", Integer.toString(method.steps()));
    metadata.put("inner_lr", Float.toString(innerLr));
    metadata.putAll(provenance);
    float[] meta = method.meta();
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (ParameterLayout.Entry e : method.learner().layout().entries()) {
      float[] data = new float[e.size()];
      System.arraycopy(meta, e.offset(), data, 0, data.length);
      tensors.put(INIT + e.name(), FloatTensor.of(data, e.shape()));
    }
    int rule = meta.length - method.initSize();
    if (rule > 0) {
      float[] data = new float[rule];
      System.arraycopy(meta, method.initSize(), data, 0, rule);
      tensors.put(RULE, FloatTensor.of(data, rule));
    }
    Safetensors.writeWithChecksum(file, tensors, metadata);
  }

  /**
   * A model for {@code ways}-way episodes: as saved if it was trained for that many classes;
   * otherwise its output layer is resized, every class starting from the mean of the trained
   * classes' weights and biases. Since episodes shuffle which class gets which label, the trained
   * rows of a learned initialization are interchangeable, and the inner loop tells them apart.
   */
  public static Model load(Path file, int ways) {
    Model model = load(file);
    if (model.ways() == ways) {
      return model;
    }
    EpisodicMetaLearner trained = model.method();
    Classifier learner = model.learner().build(ways);
    List<ParameterLayout.Entry> from = trained.learner().layout().entries();
    List<ParameterLayout.Entry> to = learner.layout().entries();
    float[] old = trained.meta();
    float[] meta = new float[learner.parameterCount() + old.length - trained.initSize()];
    int head = from.size() - 2;
    for (int i = 0; i < head; i++) {
      System.arraycopy(old, from.get(i).offset(), meta, to.get(i).offset(), from.get(i).size());
    }
    int fanIn = from.get(head).shape()[0];
    int classes = model.ways();
    for (int k = 0; k < fanIn; k++) {
      double mean = 0;
      for (int c = 0; c < classes; c++) {
        mean += old[from.get(head).offset() + k * classes + c];
      }
      java.util.Arrays.fill(
          meta,
          to.get(head).offset() + k * ways,
          to.get(head).offset() + (k + 1) * ways,
          (float) (mean / classes));
    }
    double bias = 0;
    for (int c = 0; c < classes; c++) {
      bias += old[from.get(head + 1).offset() + c];
    }
    java.util.Arrays.fill(
        meta,
        to.get(head + 1).offset(),
        to.get(head + 1).offset() + ways,
        (float) (bias / classes));
    System.arraycopy(
        old, trained.initSize(), meta, learner.parameterCount(), old.length - trained.initSize());
    return new Model(
        new EpisodicMetaLearner(trained.name(), learner, trained.inner(), trained.steps(), meta),
        model.learner(),
        ways,
        model.shots(),
        model.metadata());
  }

  /** Reads a model, checking its format, its metadata and every tensor's shape. */
  public static Model load(Path file) {
    SafetensorsFile contents = Safetensors.read(file);
    contents.requireFormat(
        FORMAT,
        FORMAT_VERSION,
        "learnopt few-shot model",
        "pass a file written by 'learnopt fewshot train'");
    String name = contents.metadata("method");
    LearnerSpec spec;
    int ways;
    int shots;
    int steps;
    float innerLr;
    try {
      spec = LearnerSpec.parse(contents.metadata("learner"));
      ways = Integer.parseInt(contents.metadata("ways"));
      shots = Integer.parseInt(contents.metadata("shots"));
      steps = Integer.parseInt(contents.metadata("inner_steps"));
      innerLr = Float.parseFloat(contents.metadata("inner_lr"));
    } catch (RuntimeException e) {
      throw new LearnoptException(file + ": invalid model metadata: " + e.getMessage(), e);
    }
    var inner = FewShotMethods.inner(name, innerLr);
    Classifier learner = spec.build(ways);
    float[] meta = new float[learner.parameterCount() + inner.parameterCount()];
    for (ParameterLayout.Entry e : learner.layout().entries()) {
      float[] data = contents.tensor(INIT + e.name(), e.shape());
      System.arraycopy(data, 0, meta, e.offset(), data.length);
    }
    if (inner.parameterCount() > 0) {
      float[] data = contents.tensor(RULE, inner.parameterCount());
      System.arraycopy(data, 0, meta, learner.parameterCount(), data.length);
    }
    for (int i = 0; i < meta.length; i++) {
      if (!Float.isFinite(meta[i])) {
        throw new LearnoptException(
            file + ": meta-parameter " + i + " is " + meta[i] + "; the file is damaged");
      }
    }
    return new Model(
        new EpisodicMetaLearner(name, learner, inner, steps, meta),
        spec,
        ways,
        shots,
        contents.metadata());
  }
}
