package io.learnopt.problem;

import io.learnopt.UsageException;
import io.learnopt.data.ImageDataset;
import io.learnopt.data.Mnist;
import io.learnopt.data.art.ArtImages;
import io.learnopt.nn.Activation;
import io.learnopt.nn.FeatureNet;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The problem registry: parses specs such as {@code quadratic} or {@code quadratic:dim=20}. */
public final class Problems {
  private Problems() {}

  /** The registered problem names. */
  public static List<String> names() {
    return List.of(
        "quadratic",
        "polynomial",
        "rosenbrock",
        "mnist-mlp",
        ConvNetProblem.NAME,
        NeuralArtProblem.NAME,
        GeneralMixtureProblem.NAME);
  }

  /** Parses a problem spec; MNIST problems use the shipped data. */
  public static Problem parse(String spec) {
    return parse(spec, null);
  }

  /**
   * Parses a problem spec; unknown names and options are usage errors listing the valid ones. MNIST
   * problems read {@code dataDir} (four IDX files with the standard names) or, when null, the
   * checksum-verified copy shipped in the repository's {@code data/mnist/}.
   */
  public static Problem parse(String spec, Path dataDir) {
    if (spec == null || spec.isBlank()) {
      throw new UsageException("no problem given: choose one of " + names());
    }
    ProblemOptions options = ProblemOptions.parse(spec.trim());
    return switch (options.name()) {
      case "quadratic" -> {
        options.allowOnly(Set.of("dim"));
        yield new QuadraticProblem(options.intValue("dim", 10));
      }
      case "polynomial" -> {
        options.allowOnly(Set.of("degree", "samples", "noise"));
        yield new PolynomialProblem(
            options.intValue("degree", 6),
            options.intValue("samples", 50),
            options.doubleValue("noise", 0.1));
      }
      case "mnist-mlp" -> {
        options.allowOnly(Set.of("hidden", "act", "batch"));
        List<Integer> hidden = options.intList("hidden", List.of(20));
        Activation activation = Activation.parse(options.stringValue("act", "sigmoid"));
        int batch = options.intValue("batch", 128);
        Mnist mnist = dataDir == null ? Mnist.shipped() : Mnist.load(dataDir);
        yield new MnistMlpProblem(mnist, hidden, activation, batch);
      }
      case ConvNetProblem.NAME -> {
        options.allowOnly(Set.of("channels", "kernel", "fc", "batch", "classes"));
        ImageDataset data = dataDir == null ? Mnist.shipped() : ImageDataset.load(dataDir);
        yield new ConvNetProblem(
            data,
            options.intValue("channels", 16),
            options.intValue("kernel", 5),
            options.intValue("fc", 32),
            options.intValue("batch", 128),
            ConvNetProblem.parseClasses(
                options.stringValue("classes", "0-" + (data.classes() - 1))));
      }
      case NeuralArtProblem.NAME -> {
        options.allowOnly(Set.of("size", "style", "images", "features", "content-weight"));
        ArtImages images = ArtImages.load(dataDir);
        String features = options.stringValue("features", "random");
        String set = options.stringValue("images", "train");
        yield new NeuralArtProblem(
            images,
            features.equals("random") ? FeatureNet.random(1) : FeatureNet.vgg19(Path.of(features)),
            features,
            options.intValue("size", 64),
            options.stringValue("style", "elephants"),
            NeuralArtProblem.contentSet(images, set),
            set,
            (float) options.doubleValue("content-weight", 1.0));
      }
      case GeneralMixtureProblem.NAME -> {
        options.allowOnly(Set.of("rescale"));
        String range = options.stringValue("rescale", "0.1-10");
        String[] bounds = range.split("-", -1);
        try {
          double low = Double.parseDouble(bounds[0]);
          double high = bounds.length == 2 ? Double.parseDouble(bounds[1]) : low;
          if (bounds.length > 2) {
            throw new NumberFormatException(range);
          }
          yield new GeneralMixtureProblem(dataDir, low, high);
        } catch (NumberFormatException e) {
          throw new UsageException(
              GeneralMixtureProblem.NAME
                  + ": rescale must be LOW-HIGH or one number (1 = off), got '"
                  + range
                  + "'");
        }
      }
      case "rosenbrock" -> {
        options.allowOnly(Set.of());
        yield new RosenbrockProblem();
      }
      default ->
          throw new UsageException(
              "unknown problem '" + options.name() + "': choose one of " + names());
    };
  }
}
