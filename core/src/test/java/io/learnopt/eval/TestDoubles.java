package io.learnopt.eval;

import io.learnopt.optim.NamedArrays;
import io.learnopt.optim.Optimizer;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Task;
import java.util.function.LongFunction;

/** Problems, tasks and optimizers made from lambdas, for tests that need one odd behaviour. */
final class TestDoubles {
  private TestDoubles() {}

  /** A task's loss: returns f(θ) at {@code params} and writes ∇f(θ) into {@code grad}. */
  @FunctionalInterface
  interface Loss {
    float lossAndGradient(float[] params, int step, float[] grad);
  }

  /** A stateless update rule: writes the update for {@code grad} into {@code update}. */
  @FunctionalInterface
  interface Update {
    void update(float[] grad, float[] params, float[] update);
  }

  /** The problem {@code name} whose task for a seed is {@code sample(seed)}. */
  static Problem problem(String name, LongFunction<Task> sample) {
    return new Problem() {
      @Override
      public Task sample(long seed) {
        return sample.apply(seed);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  /** The task that starts at (a copy of) {@code initialParams} and has the loss {@code loss}. */
  static Task task(float[] initialParams, Loss loss) {
    return new Task() {
      @Override
      public int dimension() {
        return initialParams.length;
      }

      @Override
      public float[] initialParams() {
        return initialParams.clone();
      }

      @Override
      public float lossAndGradient(float[] params, int step, float[] grad) {
        return loss.lossAndGradient(params, step, grad);
      }
    };
  }

  /** The optimizer {@code name}, with no state, that applies {@code update}. */
  static Optimizer optimizer(String name, Update update) {
    return new Optimizer() {
      @Override
      public State init(int coordinates) {
        return new State() {
          @Override
          public void save(NamedArrays out) {}

          @Override
          public void restore(NamedArrays in) {}
        };
      }

      @Override
      public void update(float[] grad, float[] params, State state, float[] out) {
        update.update(grad, params, out);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}
