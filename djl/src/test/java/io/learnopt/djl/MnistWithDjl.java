package io.learnopt.djl;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The README's "Use it in DJL" comparison: DJL's 784-20-10 MLP on MNIST trained by DJL's Trainer
 * with learnopt's learned optimizers and with DJL's own Adam at its best learning rate (tuned on
 * separate seeds), mean loss per step over the test seeds, test accuracy, and the time of a Trainer
 * step and of the optimizer's part of it. Writes {@code curves.csv} and {@code loss.png} into the
 * directory given (default {@code runs/djl-mnist}).
 */
public final class MnistWithDjl {
  private static final int STEPS = 100;
  private static final long[] TUNE_SEEDS = {1001, 1002, 1003};
  private static final long[] TEST_SEEDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

  private MnistWithDjl() {}

  public static void main(String[] args) throws IOException {
    Path home = Path.of(System.getProperty("learnopt.home", "."));
    Path out = args.length > 0 ? Path.of(args[0]) : home.resolve("runs/djl-mnist");
    Files.createDirectories(out);
    float best = Float.NaN;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (float lr : new float[] {0.001f, 0.003f, 0.01f, 0.03f, 0.1f, 0.3f}) {
      double loss = 0;
      for (long seed : TUNE_SEEDS) {
        loss += finalLoss(DjlMnist.train(djlAdam(lr), STEPS, seed).losses()) / TUNE_SEEDS.length;
      }
      System.out.printf(Locale.ROOT, "tune DJL Adam lr=%-6s final loss %.4f%n", lr, loss);
      if (loss < bestLoss) {
        bestLoss = loss;
        best = lr;
      }
    }
    float adamLr = best;
    Map<String, Supplier<Optimizer>> contenders = new LinkedHashMap<>();
    for (String model : List.of("mnist-l2l", "general")) {
      Path file = home.resolve("models/" + model + ".safetensors");
      if (Files.exists(file)) {
        contenders.put("learnopt " + model, () -> LearnoptDjl.optimizer(file));
      }
    }
    contenders.put("learnopt adam lr=" + adamLr, () -> LearnoptDjl.optimizer("adam:lr=" + adamLr));
    contenders.put("DJL adam lr=" + adamLr, () -> djlAdam(adamLr));
    List<String> rows = new ArrayList<>();
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title("DJL MLP on MNIST (784-20-10 sigmoid, batch 128), mean of 10 seeds")
            .xAxisTitle("step")
            .yAxisTitle("minibatch loss")
            .build();
    StringBuilder csv = new StringBuilder("optimizer,step,mean_loss\n");
    for (Map.Entry<String, Supplier<Optimizer>> c : contenders.entrySet()) {
      DjlMnist.train(c.getValue().get(), STEPS, 999); // warm-up, not counted
      double[] mean = new double[STEPS];
      double accuracy = 0;
      double final10 = 0;
      List<Double> stepMs = new ArrayList<>();
      List<Double> updateMs = new ArrayList<>();
      for (long seed : TEST_SEEDS) {
        DjlMnist.Run run = DjlMnist.train(c.getValue().get(), STEPS, seed);
        for (int s = 0; s < STEPS; s++) {
          mean[s] += run.losses()[s] / TEST_SEEDS.length;
        }
        accuracy += run.testAccuracy() / TEST_SEEDS.length;
        final10 += finalLoss(run.losses()) / TEST_SEEDS.length;
        stepMs.add(run.msPerStep());
        updateMs.add(run.msPerUpdate());
      }
      double[] x = new double[STEPS];
      for (int s = 0; s < STEPS; s++) {
        x[s] = s + 1;
        csv.append(String.format(Locale.ROOT, "%s,%d,%.6f%n", c.getKey(), s + 1, mean[s]));
      }
      chart.addSeries(c.getKey(), x, mean).setMarker(SeriesMarkers.NONE);
      rows.add(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.4f | %.2f | %.2f |",
              c.getKey(),
              final10,
              accuracy,
              median(stepMs),
              median(updateMs)));
    }
    Files.writeString(out.resolve("curves.csv"), csv);
    BitmapEncoder.saveBitmap(chart, out.resolve("loss").toString(), BitmapEncoder.BitmapFormat.PNG);
    System.out.println();
    System.out.println(
        "| optimizer | final loss (mean of last 10 steps) | test accuracy | ms per Trainer step |"
            + " ms per optimizer update |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println(
        "\nCurves: " + out.resolve("curves.csv") + ", plot: " + out.resolve("loss.png"));
  }

  private static Optimizer djlAdam(float lr) {
    return Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build();
  }

  private static double finalLoss(float[] losses) {
    double sum = 0;
    for (int s = losses.length - 10; s < losses.length; s++) {
      sum += losses[s];
    }
    return sum / 10;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
