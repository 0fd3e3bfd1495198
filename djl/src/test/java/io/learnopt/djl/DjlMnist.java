package io.learnopt.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.learnopt.data.MinibatchStream;
import io.learnopt.data.Mnist;
import io.learnopt.data.Split;
import io.learnopt.tensor.Rng;

/**
 * The paper's MNIST network (784-20-10, sigmoid hidden layer) built and trained with DJL's {@link
 * Trainer} on learnopt's shipped MNIST, minibatches of 128 drawn by learnopt's seeded sampler, so
 * every optimizer meets the same initial weights and the same batches.
 */
final class DjlMnist {
  static final int BATCH = 128;

  /** Loss per step, test accuracy and time per step of one run. */
  record Run(float[] losses, double testAccuracy, double msPerStep, double msPerUpdate) {}

  private DjlMnist() {}

  /**
   * Trains a fresh network (weights from {@code seed}) for {@code steps} steps with {@code opt}.
   */
  static Run train(Optimizer opt, int steps, long seed) {
    Mnist mnist = Mnist.shipped();
    Engine.getInstance().setRandomSeed((int) seed);
    try (Model model = Model.newInstance("mnist-mlp")) {
      SequentialBlock net =
          new SequentialBlock()
              .add(Linear.builder().setUnits(20).build())
              .add(Activation::sigmoid)
              .add(Linear.builder().setUnits(10).build());
      model.setBlock(net);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(opt);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(BATCH, Mnist.PIXELS));
        NDManager manager = trainer.getManager();
        MinibatchStream batches = mnist.train().minibatches(BATCH, new Rng(seed));
        float[] images = new float[BATCH * Mnist.PIXELS];
        int[] labels = new int[BATCH];
        float[] losses = new float[steps];
        long total = 0;
        long updates = 0;
        for (int s = 0; s < steps; s++) {
          batches.next(images, labels);
          long start = System.nanoTime();
          try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(images, new Shape(BATCH, Mnist.PIXELS));
            NDArray y = step.create(labels, new Shape(BATCH));
            try (GradientCollector collector = trainer.newGradientCollector()) {
              NDList out = trainer.forward(new NDList(x));
              NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
              collector.backward(loss);
              losses[s] = loss.getFloat();
            }
            long beforeUpdate = System.nanoTime();
            trainer.step();
            long end = System.nanoTime();
            updates += end - beforeUpdate;
            total += end - start;
          }
        }
        double accuracy = accuracy(trainer, mnist.test());
        return new Run(losses, accuracy, total / 1e6 / steps, updates / 1e6 / steps);
      }
    }
  }

  /** The fraction of {@code split} the network classifies correctly. */
  private static double accuracy(Trainer trainer, Split split) {
    int correct = 0;
    int chunk = 1000;
    for (int from = 0; from < split.size(); from += chunk) {
      int n = Math.min(chunk, split.size() - from);
      float[] images = new float[n * split.pixels()];
      System.arraycopy(split.images(), from * split.pixels(), images, 0, images.length);
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDArray x = manager.create(images, new Shape(n, split.pixels()));
        long[] predicted =
            trainer.evaluate(new NDList(x)).singletonOrThrow().argMax(1).toLongArray();
        for (int i = 0; i < n; i++) {
          if (predicted[i] == split.labels()[from + i]) {
            correct++;
          }
        }
      }
    }
    return correct / (double) split.size();
  }
}
