package io.learnopt.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.learnopt.optim.GroupedOptimizer;
import io.learnopt.optim.Optimizers;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The adapter inside DJL's Trainer against DJL's own optimizers on the same model and data: the
 * same rule must give the same weights, and DJL's gradient conventions (rescale, clip, weight
 * decay, clearing the accumulated gradient) must hold.
 */
class LearnoptOptimizerTest {
  /**
   * Weights of a 3 → 2 linear layer after each of {@code steps} steps of {@code opt} on L2 loss.
   */
  private static float[][] weights(Optimizer opt, int steps) {
    Engine.getInstance().setRandomSeed(1);
    try (Model model = Model.newInstance("linear")) {
      model.setBlock(Linear.builder().setUnits(2).build());
      try (Trainer trainer =
          model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(opt))) {
        trainer.initialize(new Shape(2, 3));
        NDManager manager = trainer.getManager();
        float[][] out = new float[steps][];
        for (int s = 0; s < steps; s++) {
          NDArray x = manager.create(new float[] {1, 2, 3, -1, 0.5f, 2}, new Shape(2, 3));
          NDArray y = manager.create(new float[] {1, -1, 0, 2}, new Shape(2, 2));
          try (GradientCollector collector = trainer.newGradientCollector()) {
            collector.backward(
                trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
          }
          trainer.step();
          out[s] = model.getBlock().getParameters().get("weight").getArray().toFloatArray();
        }
        return out;
      }
    }
  }

  @Test
  void learnoptSgdIsDjlSgdStepForStep() {
    float[][] djl = weights(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build(), 4);
    float[][] ours = weights(LearnoptDjl.optimizer("sgd:lr=0.1"), 4);
    for (int s = 0; s < djl.length; s++) {
      assertArrayEquals(djl[s], ours[s], 1e-6f, "step " + s);
    }
  }

  @Test
  void learnoptAdamFollowsDjlAdam() {
    float[][] djl =
        weights(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build(), 6);
    float[][] ours = weights(LearnoptDjl.optimizer("adam:lr=0.01"), 6);
    for (int s = 0; s < djl.length; s++) {
      // ε sits inside the bias correction in DJL's form and outside in optax's: ~1e-7 apart.
      assertArrayEquals(djl[s], ours[s], 1e-5f, "step " + s);
    }
  }

  @Test
  void gradientsAreRescaledClippedAndDecayedAsDjlDoes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new float[] {1f, -2f, 3f});
      NDArray g = manager.create(new float[] {4f, -0.5f, 10f});
      LearnoptOptimizer opt =
          LearnoptDjl.builder(Optimizers.parse("sgd:lr=1"))
              .setRescaleGrad(0.5f)
              .optClipGrad(1f)
              .optWeightDecays(0.1f)
              .build();
      opt.update("w", w, g);
      // g' = clip(0.5·g, ±1) + 0.1·w = (1 + 0.1, −0.25 − 0.2, 1 + 0.3)
      assertArrayEquals(new float[] {1f - 1.1f, -2f + 0.45f, 3f - 1.3f}, w.toFloatArray(), 1e-6f);
    }
  }

  @Test
  void theWeightsOwnGradientIsClearedAfterTheUpdate() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new float[] {1f, 2f, 3f});
      w.setRequiresGradient(true);
      LearnoptOptimizer opt = LearnoptDjl.optimizer("sgd:lr=0.1");
      for (int s = 0; s < 3; s++) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          collector.backward(w.mul(w).sum());
        }
        float[] before = w.toFloatArray();
        float[] grad = w.getGradient().toFloatArray();
        for (int i = 0; i < 3; i++) {
          assertEquals(2 * before[i], grad[i], 1e-6f, "step " + s + ": the gradient accumulated");
        }
        opt.update("w", w, w.getGradient());
        assertArrayEquals(new float[3], w.getGradient().toFloatArray());
        assertEquals(before[0] * 0.8f, w.toFloatArray()[0], 1e-6f);
      }
      assertEquals(1, opt.parameters());
    }
  }

  @Test
  void aNonFiniteGradientIsAnErrorNamingTheParameterAndLeavesTheWeight() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new float[] {1f, 2f});
      NDArray g = manager.create(new float[] {0.5f, Float.NaN});
      LearnoptOptimizer opt = LearnoptDjl.optimizer("adam:lr=0.1");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> opt.update("dense.weight", w, g));
      assertTrue(e.getMessage().contains("'dense.weight' is NaN at index 1"), e.getMessage());
      assertArrayEquals(new float[] {1f, 2f}, w.toFloatArray());
      NDArray wide = manager.create(new double[] {1, 2});
      IllegalArgumentException e2 =
          assertThrows(
              IllegalArgumentException.class,
              () -> opt.update("d", wide, wide.toType(DataType.FLOAT64, true)));
      assertTrue(e2.getMessage().contains("float32"), e2.getMessage());
    }
  }

  @Test
  void groupedRulesTakeConvolutionKernelsAndEverythingElseApart() {
    io.learnopt.optim.Optimizer sgd = Optimizers.parse("sgd:lr=1");
    GroupedOptimizer convFc = new GroupedOptimizer("two", List.of("conv", "fc"), List.of(sgd, sgd));
    BiFunction<String, Shape, String> groups = LearnoptOptimizer.defaultGroups(convFc);
    assertEquals("conv", groups.apply("c.weight", new Shape(16, 1, 5, 5)));
    assertEquals("fc", groups.apply("c.bias", new Shape(16)));
    assertEquals("fc", groups.apply("d.weight", new Shape(10, 32)));
    assertEquals("all", LearnoptOptimizer.defaultGroups(sgd).apply("x", new Shape(3)));
    GroupedOptimizer other = new GroupedOptimizer("two", List.of("a", "b"), List.of(sgd, sgd));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LearnoptOptimizer.defaultGroups(other).apply("x", new Shape(3)));
    assertTrue(e.getMessage().contains("optGroupOf"), e.getMessage());
  }
}
