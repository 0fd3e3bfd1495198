package io.learnopt.problem;

import io.learnopt.data.MinibatchStream;
import io.learnopt.data.Mnist;
import io.learnopt.data.Split;
import io.learnopt.nn.Activation;
import io.learnopt.nn.Mlp;
import io.learnopt.tensor.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Training an MLP on MNIST minibatches: the neural-network optimizee of Andrychowicz et al. 2016,
 * §3.2 (one hidden layer of 20 sigmoid units, minibatches of 128). Each task is a fresh random
 * initialization plus its own minibatch stream, both from the task seed; f is the softmax
 * cross-entropy on the minibatch of the step.
 *
 * @param mnist the data
 * @param hidden hidden layer sizes
 * @param activation activation after each hidden layer
 * @param batch minibatch size
 */
public record MnistMlpProblem(Mnist mnist, List<Integer> hidden, Activation activation, int batch)
    implements Problem {

  /** Validates the options. */
  public MnistMlpProblem {
    hidden = List.copyOf(hidden);
    ProblemOptions.requirePositive("batch", batch);
    for (int h : hidden) {
      ProblemOptions.requirePositive("hidden", h);
    }
    if (batch > mnist.train().size()) {
      throw new io.learnopt.UsageException(
          "option batch of problem 'mnist-mlp' must be at most the "
              + mnist.train().size()
              + " training images, got "
              + batch);
    }
  }

  @Override
  public long taskCoordinates() {
    return network().parameterCount();
  }

  @Override
  public long taskBytes() {
    // The initialization and the minibatch buffers.
    return 4L * taskCoordinates() + 4L * batch * (Mnist.PIXELS + 1);
  }

  /** The optimizee network. */
  public Mlp network() {
    return new Mlp(Mnist.PIXELS, hidden, Mnist.CLASSES, activation);
  }

  @Override
  public Recipe recipe() {
    return Recipe.mnist();
  }

  @Override
  public String name() {
    return "mnist-mlp:hidden="
        + hidden.stream().map(String::valueOf).collect(Collectors.joining(","))
        + ",act="
        + activation.id()
        + ",batch="
        + batch;
  }

  @Override
  public Task sample(long seed) {
    Mlp mlp = network();
    float[] init = mlp.initialize(Rng.forKey(seed, 1));
    MinibatchStream stream = mnist.train().minibatches(batch, Rng.forKey(seed, 2));
    return new MlpTask(mlp, mnist, init, stream, batch);
  }

  /** One initialization and minibatch stream. Not thread-safe: one thread runs a task. */
  static final class MlpTask implements Task, FinalMetrics {
    private final Mlp mlp;
    private final Mnist mnist;
    private final float[] init;
    private final MinibatchStream stream;
    private final float[] images;
    private final int[] labels;
    private final int batch;

    MlpTask(Mlp mlp, Mnist mnist, float[] init, MinibatchStream stream, int batch) {
      this.mlp = mlp;
      this.mnist = mnist;
      this.init = init;
      this.stream = stream;
      this.batch = batch;
      this.images = new float[batch * Mnist.PIXELS];
      this.labels = new int[batch];
    }

    @Override
    public int dimension() {
      return init.length;
    }

    @Override
    public float[] initialParams() {
      return init.clone();
    }

    @Override
    public float lossAndGradient(float[] params, int step, float[] grad) {
      stream.batch(step, images, labels);
      return mlp.lossAndGradient(params, images, labels, batch, grad);
    }

    @Override
    public List<String> metricNames() {
      return List.of("test_accuracy", "train_loss");
    }

    /** Test-set accuracy (fraction) and mean cross-entropy over the whole training set. */
    @Override
    public Map<String, Double> finalMetrics(float[] params) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("test_accuracy", overSplit(params, mnist.test(), mlp::accuracy));
      metrics.put("train_loss", overSplit(params, mnist.train(), mlp::loss));
      return metrics;
    }

    /** A per-chunk mean of the network on {@code n} examples. */
    private interface ChunkMean {
      float of(float[] params, float[] images, int[] labels, int n);
    }

    /** The mean of {@code metric} over all of {@code split}, in chunks of 1,000 examples. */
    private static double overSplit(float[] params, Split split, ChunkMean metric) {
      double sum = 0;
      int chunk = 1000;
      for (int start = 0; start < split.size(); start += chunk) {
        int n = Math.min(chunk, split.size() - start);
        sum += (double) n * metric.of(params, slice(split, start, n), labels(split, start, n), n);
      }
      return sum / split.size();
    }

    private static float[] slice(Split split, int start, int n) {
      float[] out = new float[n * split.pixels()];
      System.arraycopy(split.images(), start * split.pixels(), out, 0, out.length);
      return out;
    }

    private static int[] labels(Split split, int start, int n) {
      int[] out = new int[n];
      System.arraycopy(split.labels(), start, out, 0, n);
      return out;
    }
  }
}
