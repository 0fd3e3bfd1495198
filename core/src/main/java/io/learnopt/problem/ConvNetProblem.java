package io.learnopt.problem;

import io.learnopt.UsageException;
import io.learnopt.data.ImageDataset;
import io.learnopt.data.MinibatchStream;
import io.learnopt.data.Split;
import io.learnopt.nn.ConvFcNet;
import io.learnopt.tensor.Rng;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Training the paper's convolutional network ({@link ConvFcNet}, §3.3) on an image dataset,
 * restricted to a subset of its classes (the paper's CIFAR-5 and CIFAR-2 settings), relabelled 0 ..
 * k−1 in ascending order. Each task is a fresh initialization and minibatch stream from its seed.
 * Spec: {@code cifar-conv[:channels=16,kernel=5,fc=32,batch=128,classes=0-9]}; the dataset is
 * CIFAR-10 or MNIST ({@link ImageDataset}), and nothing else depends on which.
 */
public final class ConvNetProblem implements Problem {
  /** The registry name. */
  public static final String NAME = "cifar-conv";

  /**
   * Training examples the final training loss is taken over: a pass over all 50,000–60,000 costs
   * about as much as 180 optimizee steps, more than a whole evaluation run of 100 steps. The test
   * accuracy still covers the whole test set.
   */
  public static final int TRAIN_METRIC_EXAMPLES = 10_000;

  /** Convolution blocks, as in the paper. */
  public static final int BLOCKS = 3;

  private final ImageDataset data;
  private final int channels;
  private final int kernel;
  private final int fc;
  private final int batch;
  private final int[] classes;
  private final Split train;
  private final Split test;

  /**
   * The problem on {@code data}'s classes {@code classes} (distinct, in range), with {@code
   * channels} per convolution, {@code kernel × kernel} kernels, {@code fc} hidden units and
   * minibatches of {@code batch}.
   */
  public ConvNetProblem(
      ImageDataset data, int channels, int kernel, int fc, int batch, List<Integer> classes) {
    this.data = data;
    this.channels = channels;
    this.kernel = kernel;
    this.fc = fc;
    this.batch = batch;
    this.classes = checkedClasses(classes, data.classes());
    network(); // validates the sizes
    this.train = subset(data.train(), this.classes);
    this.test = subset(data.test(), this.classes);
    if (batch < 1 || batch > train.size()) {
      throw new UsageException(
          "option batch of problem '"
              + NAME
              + "' must be between 1 and the "
              + train.size()
              + " training images of the chosen classes, got "
              + batch);
    }
  }

  private static int[] checkedClasses(List<Integer> classes, int available) {
    Set<Integer> distinct = new LinkedHashSet<>(classes);
    if (distinct.size() != classes.size() || classes.size() < 2) {
      throw new UsageException(
          "option classes of problem '"
              + NAME
              + "' needs at least two distinct classes, got "
              + classes);
    }
    for (int c : classes) {
      if (c < 0 || c >= available) {
        throw new UsageException(
            "option classes of problem '"
                + NAME
                + "': class "
                + c
                + " is not in the dataset's 0.."
                + (available - 1));
      }
    }
    return classes.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /** The examples of {@code split} whose label is in {@code classes}, relabelled by rank. */
  private static Split subset(Split split, int[] classes) {
    int[] rank = new int[256];
    Arrays.fill(rank, -1);
    for (int i = 0; i < classes.length; i++) {
      rank[classes[i]] = i;
    }
    int n = 0;
    for (int label : split.labels()) {
      n += rank[label] >= 0 ? 1 : 0;
    }
    if (n == split.size()) {
      return split; // every class: share the dataset's arrays
    }
    int pixels = split.pixels();
    float[] images = new float[Math.multiplyExact(n, pixels)];
    int[] labels = new int[n];
    int j = 0;
    for (int i = 0; i < split.size(); i++) {
      int r = rank[split.labels()[i]];
      if (r >= 0) {
        System.arraycopy(split.images(), i * pixels, images, j * pixels, pixels);
        labels[j++] = r;
      }
    }
    return new Split(images, labels, pixels);
  }

  /** Parses {@code 0-9}, {@code 3,5} or {@code 0-2,7} into classes. */
  static List<Integer> parseClasses(String raw) {
    try {
      List<Integer> out = new java.util.ArrayList<>();
      for (String piece : raw.split(",")) {
        String[] range = piece.trim().split("-", -1);
        int from = Integer.parseInt(range[0].trim());
        int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
        if (range.length > 2 || to < from) {
          throw new NumberFormatException(piece);
        }
        for (int c = from; c <= to; c++) {
          out.add(c);
        }
      }
      return out;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "option classes of problem '"
              + NAME
              + "' must be classes and ranges such as 0-9, 0-4 or 3,5, got '"
              + raw
              + "'");
    }
  }

  /** The dataset classes the tasks classify, ascending (labels are their ranks). */
  public int[] classes() {
    return classes.clone();
  }

  /** The optimizee network. */
  public ConvFcNet network() {
    return new ConvFcNet(
        data.channels(), data.side(), channels, kernel, BLOCKS, fc, classes.length);
  }

  @Override
  public String name() {
    return NAME
        + ":channels="
        + channels
        + ",kernel="
        + kernel
        + ",fc="
        + fc
        + ",batch="
        + batch
        + ",classes="
        + ranges(classes);
  }

  /** Sorted classes as runs: {0..9} → "0-9", {0, 2, 3, 4} → "0,2-4". */
  private static String ranges(int[] sorted) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
        j++;
      }
      out.append(out.isEmpty() ? "" : ",").append(sorted[i]);
      if (j > i) {
        out.append('-').append(sorted[j]);
      }
      i = j + 1;
    }
    return out.toString();
  }

  @Override
  public Recipe recipe() {
    return Recipe.conv();
  }

  @Override
  public long taskCoordinates() {
    return network().parameterCount();
  }

  @Override
  public long taskBytes() {
    return 4L * taskCoordinates() + 4L * batch * (train.pixels() + 1);
  }

  @Override
  public Task sample(long seed) {
    ConvFcNet net = network();
    float[] init = net.initialize(Rng.forKey(seed, 1));
    MinibatchStream stream = train.minibatches(batch, Rng.forKey(seed, 2));
    return new ClassifierTask(net, train, test, init, stream, batch, TRAIN_METRIC_EXAMPLES);
  }
}
