package io.learnopt.problem;

import io.learnopt.data.MinibatchStream;
import io.learnopt.data.Split;
import io.learnopt.nn.Classifier;
import io.learnopt.tensor.ParameterGroups;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training a classifier on minibatches of a labelled split: one initialization and one minibatch
 * stream, f the network's mean cross-entropy on the minibatch of the step; at the end, test
 * accuracy and the loss over the whole training split. Not thread-safe: one thread runs a task.
 */
final class ClassifierTask implements Task, FinalMetrics {
  private final Classifier net;
  private final Split train;
  private final Split test;
  private final float[] init;
  private final MinibatchStream stream;
  private final float[] images;
  private final int[] labels;
  private final int batch;
  private final int trainMetricExamples;

  ClassifierTask(
      Classifier net, Split train, Split test, float[] init, MinibatchStream stream, int batch) {
    this(net, train, test, init, stream, batch, Integer.MAX_VALUE);
  }

  /**
   * A task whose final training loss is taken over the first {@code trainMetricExamples} training
   * examples (all of them if there are fewer), for networks whose pass over the whole set would
   * cost more than the run itself; the metric's name then says how many.
   */
  ClassifierTask(
      Classifier net,
      Split train,
      Split test,
      float[] init,
      MinibatchStream stream,
      int batch,
      int trainMetricExamples) {
    this.net = net;
    this.train = train;
    this.test = test;
    this.init = init;
    this.stream = stream;
    this.batch = batch;
    this.images = new float[batch * train.pixels()];
    this.labels = new int[batch];
    this.trainMetricExamples = Math.min(trainMetricExamples, train.size());
  }

  @Override
  public int dimension() {
    return init.length;
  }

  @Override
  public ParameterGroups groups() {
    return net.groups();
  }

  @Override
  public float[] initialParams() {
    return init.clone();
  }

  @Override
  public float lossAndGradient(float[] params, int step, float[] grad) {
    stream.batch(step, images, labels);
    return net.lossAndGradient(params, images, labels, batch, grad);
  }

  @Override
  public List<String> metricNames() {
    return List.of("test_accuracy", trainLossName());
  }

  private String trainLossName() {
    return trainMetricExamples == train.size()
        ? "train_loss"
        : "train_loss_first_" + trainMetricExamples;
  }

  /** Test-set accuracy (fraction) and the mean cross-entropy over the training examples chosen. */
  @Override
  public Map<String, Double> finalMetrics(float[] params) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("test_accuracy", overSplit(params, test, test.size(), net::accuracy));
    metrics.put(trainLossName(), overSplit(params, train, trainMetricExamples, net::loss));
    return metrics;
  }

  /** A per-chunk mean of the network on {@code n} examples. */
  private interface ChunkMean {
    float of(float[] params, float[] images, int[] labels, int n);
  }

  /** The mean of {@code metric} over all of {@code split}, in chunks of 1,000 examples. */
  private static double overSplit(float[] params, Split split, int examples, ChunkMean metric) {
    double sum = 0;
    int chunk = 1000;
    for (int start = 0; start < examples; start += chunk) {
      int n = Math.min(chunk, examples - start);
      sum += (double) n * metric.of(params, slice(split, start, n), labels(split, start, n), n);
    }
    return sum / examples;
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
