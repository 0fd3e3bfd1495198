package io.learnopt.problem;

import io.learnopt.data.MinibatchStream;
import io.learnopt.data.Mnist;
import io.learnopt.nn.Activation;
import io.learnopt.nn.Mlp;
import io.learnopt.tensor.Rng;
import java.util.List;
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
    return new ClassifierTask(mlp, mnist.train(), mnist.test(), init, stream, batch);
  }
}
