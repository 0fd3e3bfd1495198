package io.learnopt.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import io.learnopt.lopt.LearnedModels;
import io.learnopt.optim.Optimizers;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The entry points: a learnopt optimizer for DJL's {@code Trainer} in one line.
 *
 * <pre>{@code
 * TrainingConfig config =
 *     new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
 *         .optOptimizer(LearnoptDjl.optimizer(Path.of("models/mnist-l2l.safetensors")));
 * }</pre>
 */
public final class LearnoptDjl {
  private LearnoptDjl() {}

  /**
   * The learned optimizer in {@code model} (any learnopt model file: one LSTM, one per parameter
   * group, rnnprop or mlp-lopt), bound to its trained φ.
   *
   * @throws io.learnopt.LearnoptException naming the file if it is missing or not a model
   */
  public static LearnoptOptimizer optimizer(Path model) {
    return builder(LearnedModels.load(model).optimizer()).build();
  }

  /** A learnopt optimizer by name and settings, e.g. {@code "adam:lr=1e-3"}. */
  public static LearnoptOptimizer optimizer(String spec) {
    return builder(Optimizers.parse(spec)).build();
  }

  /** Any learnopt optimizer. */
  public static LearnoptOptimizer optimizer(io.learnopt.optim.Optimizer rule) {
    return builder(rule).build();
  }

  /**
   * A builder for {@code rule} with DJL's optimizer options (rescaled and clipped gradients, weight
   * decay) and the parameter groups of a rule with one learned rule per group: by default
   * convolution kernels (rank 4) are in {@code conv} and every other tensor in {@code fc}, the
   * assignment of the paper's CIFAR optimizer.
   */
  public static Builder builder(io.learnopt.optim.Optimizer rule) {
    return new Builder(rule);
  }

  /** Builds a {@link LearnoptOptimizer}. */
  public static final class Builder extends Optimizer.OptimizerBuilder<Builder> {
    private final io.learnopt.optim.Optimizer rule;
    private BiFunction<String, Shape, String> groupOf;

    private Builder(io.learnopt.optim.Optimizer rule) {
      this.rule = Objects.requireNonNull(rule, "rule");
      this.groupOf = LearnoptOptimizer.defaultGroups(rule);
    }

    /** Which parameter group each parameter (id, shape) is in, for rules with one per group. */
    public Builder optGroupOf(BiFunction<String, Shape, String> groupOf) {
      this.groupOf = Objects.requireNonNull(groupOf, "groupOf");
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    io.learnopt.optim.Optimizer rule() {
      return rule;
    }

    BiFunction<String, Shape, String> groupOf() {
      return groupOf;
    }

    /** The optimizer. */
    public LearnoptOptimizer build() {
      return new LearnoptOptimizer(this);
    }
  }
}
