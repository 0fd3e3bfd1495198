package io.learnopt.fewshot;

import io.learnopt.UsageException;
import io.learnopt.nn.Activation;
import io.learnopt.nn.Classifier;
import io.learnopt.nn.ConvNet;
import io.learnopt.nn.Mlp;
import java.util.List;

/**
 * Which learner network a few-shot method trains, as text for the CLI and model files: {@code conv}
 * (the standard 4-block few-shot conv net with batch norm; {@code conv:channels=64,bn=false}) or
 * {@code mlp} (one hidden tanh layer, for quick runs; {@code mlp:hidden=128}).
 *
 * @param kind {@code conv} or {@code mlp}
 * @param width channels of the conv net, or hidden units of the MLP
 * @param batchNorm whether the conv net normalizes (ignored for the MLP)
 */
public record LearnerSpec(String kind, int width, boolean batchNorm) {
  /** The default: the conv net with 32 channels (64 is the papers' width and an option). */
  public static final String DEFAULT = "conv:channels=32";

  /** Checks the kind and the width. */
  public LearnerSpec {
    if (!kind.equals("conv") && !kind.equals("mlp")) {
      throw new UsageException("unknown learner '" + kind + "'; use conv or mlp");
    }
    if (width < 1) {
      throw new UsageException("learner width must be at least 1, got " + width);
    }
  }

  /** Parses {@code conv}, {@code conv:channels=C,bn=B}, {@code mlp} or {@code mlp:hidden=H}. */
  public static LearnerSpec parse(String text) {
    String[] parts = text.trim().split(":", 2);
    String kind = parts[0];
    boolean conv = kind.equals("conv");
    if (!conv && !kind.equals("mlp")) {
      throw new UsageException(
          "unknown learner '" + text + "'; use conv[:channels=C,bn=true|false] or mlp[:hidden=H]");
    }
    int width = conv ? 32 : 64;
    boolean bn = true;
    if (parts.length == 2 && !parts[1].isBlank()) {
      for (String option : parts[1].split(",")) {
        String[] kv = option.split("=", 2);
        String key = kv[0].trim();
        String value = kv.length == 2 ? kv[1].trim() : "";
        try {
          switch (key) {
            case "channels", "hidden" -> {
              if (!key.equals(conv ? "channels" : "hidden")) {
                throw new UsageException(kind + " has no option '" + key + "'");
              }
              width = Integer.parseInt(value);
            }
            case "bn" -> {
              if (!conv || !(value.equals("true") || value.equals("false"))) {
                throw new UsageException(
                    "bn=true|false applies to conv only, got '" + option + "'");
              }
              bn = Boolean.parseBoolean(value);
            }
            default ->
                throw new UsageException("learner '" + text + "': unknown option '" + key + "'");
          }
        } catch (NumberFormatException e) {
          throw new UsageException("learner '" + text + "': '" + value + "' is not an integer");
        }
      }
    }
    return new LearnerSpec(kind, width, bn);
  }

  /** The network for {@code ways}-way episodes of 28×28 grayscale images. */
  public Classifier build(int ways) {
    return kind.equals("conv")
        ? new ConvNet(1, 28, 28, width, 4, batchNorm, ways)
        : new Mlp(28 * 28, List.of(width), ways, Activation.TANH);
  }

  @Override
  public String toString() {
    return kind.equals("conv")
        ? "conv:channels=" + width + ",bn=" + batchNorm
        : "mlp:hidden=" + width;
  }
}
