package io.learnopt.outer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.lopt.MlpLopt;
import io.learnopt.lopt.MlpLoptConfig;
import io.learnopt.optim.Optimizer;
import io.learnopt.problem.StepWeighting;
import io.learnopt.problem.Task;
import io.learnopt.tasks.TaskSource;
import io.learnopt.tensor.Rng;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PES against the exact gradient of the whole horizon's meta-loss (central differences of the
 * deterministic unrolled objective, the gradient's dependence on θ included).
 */
class PesTest {
  private static final int HORIZON = 8;
  private static final int UNROLL = 2;

  private static final MlpLopt RULE =
      new MlpLopt(
          new MlpLoptConfig(
              new int[] {4}, new float[] {0.9f}, 0.99f, new float[] {10}, 0.1f, 0.5f));

  /** f(θ) = Σ a_i (θ_i − b_i)², the same minibatch at every step. */
  private static Task quadratic() {
    float[] a = {0.5f, 1f, 1.5f, 2f, 0.8f};
    float[] b = {1f, -0.5f, 0.3f, 0.7f, -1f};
    return new Task() {
      @Override
      public int dimension() {
        return 5;
      }

      @Override
      public float[] initialParams() {
        return new float[5];
      }

      @Override
      public float lossAndGradient(float[] params, int step, float[] grad) {
        float loss = 0;
        for (int i = 0; i < 5; i++) {
          float d = params[i] - b[i];
          loss += a[i] * d * d;
          grad[i] = 2 * a[i] * d;
        }
        return loss;
      }
    };
  }

  private static final TaskSource SAME_TASK =
      new TaskSource() {
        @Override
        public List<Task> batch(long index, int size) {
          return Collections.nCopies(size, quadratic());
        }

        @Override
        public String name() {
          return "quadratic";
        }
      };

  /** J(φ) = Σ_{t=1..T} f(θ_t): the meta-loss of the whole horizon, uniform weights. */
  private static double objective(float[] phi) {
    Task task = quadratic();
    Optimizer optimizer = RULE.bind(phi);
    Optimizer.State state = optimizer.init(5);
    float[] theta = task.initialParams();
    float[] grad = new float[5];
    float[] update = new float[5];
    float loss = task.lossAndGradient(theta, 0, grad);
    double total = 0;
    for (int t = 0; t < HORIZON; t++) {
      optimizer.update(grad, theta, loss, state, update);
      for (int i = 0; i < 5; i++) {
        theta[i] += update[i];
      }
      loss = task.lossAndGradient(theta, t + 1, grad);
      total += loss;
    }
    return total;
  }

  private static float[] phi() {
    float[] phi = new float[RULE.parameterCount()];
    RULE.initialize(new Rng(3), phi);
    return phi;
  }

  @Test
  void theMeanEstimateOverManyPairsPointsAlongTheExactGradient() {
    float[] phi = phi();
    double[] exact = new double[phi.length];
    for (int i = 0; i < phi.length; i++) {
      float[] p = phi.clone();
      double h = 1e-2;
      p[i] = (float) (phi[i] + h);
      double plus = objective(p);
      p[i] = (float) (phi[i] - h);
      exact[i] = (plus - objective(p)) / (2 * h);
    }
    int rounds = 40;
    double[] mean = new double[phi.length];
    float[] grad = new float[phi.length];
    try (Pes pes =
        new Pes(
            RULE,
            SAME_TASK,
            new Objective.StepWeighted(StepWeighting.UNIFORM),
            new TruncatedBptt.Truncation(1, UNROLL, HORIZON),
            64,
            0.01f,
            5,
            2)) {
      assertEquals(HORIZON / UNROLL, pes.stepsPerRound());
      for (long step = 0; step < (long) rounds * pes.stepsPerRound(); step++) {
        double loss = pes.estimate(phi, step, grad);
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        for (int i = 0; i < phi.length; i++) {
          mean[i] += grad[i] / (double) rounds; // a round's estimates sum to one of ∇J
        }
      }
    }
    double dot = 0;
    double ne = 0;
    double nm = 0;
    for (int i = 0; i < phi.length; i++) {
      dot += exact[i] * mean[i];
      ne += exact[i] * exact[i];
      nm += mean[i] * mean[i];
    }
    double cosine = dot / Math.sqrt(ne * nm);
    assertTrue(cosine >= 0.9, "cosine " + cosine);
    assertEquals(1, Math.sqrt(nm / ne), 0.3, "the estimate's norm against the exact one");
  }

  @Test
  void theEstimateDoesNotDependOnTheThreadCount() {
    float[] phi = phi();
    float[][] out = new float[2][phi.length];
    for (int threads = 1; threads <= 2; threads++) {
      try (Pes pes =
          new Pes(
              RULE,
              SAME_TASK,
              new Objective.StepWeighted(StepWeighting.LINEAR),
              new TruncatedBptt.Truncation(2, UNROLL, HORIZON),
              3,
              0.05f,
              9,
              threads)) {
        for (long step = 0; step < 6; step++) {
          pes.estimate(phi, step, out[threads - 1]);
        }
      }
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(out[0], out[1]);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Pes(
                RULE,
                SAME_TASK,
                new Objective.StepWeighted(StepWeighting.UNIFORM),
                new TruncatedBptt.Truncation(1, UNROLL, HORIZON),
                1,
                0f,
                1,
                1));
  }

  @Test
  void thePairsOfOneTaskNeverRunAtTheSameTime() {
    // Tasks keep minibatch buffers, so two particles of one task must not step it concurrently.
    java.util.concurrent.atomic.AtomicInteger inside =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger overlaps =
        new java.util.concurrent.atomic.AtomicInteger();
    TaskSource guarded =
        new TaskSource() {
          @Override
          public List<Task> batch(long index, int size) {
            List<Task> tasks = new java.util.ArrayList<>();
            for (int k = 0; k < size; k++) {
              Task inner = quadratic();
              java.util.concurrent.atomic.AtomicInteger busy =
                  new java.util.concurrent.atomic.AtomicInteger();
              tasks.add(
                  new Task() {
                    @Override
                    public int dimension() {
                      return inner.dimension();
                    }

                    @Override
                    public float[] initialParams() {
                      return inner.initialParams();
                    }

                    @Override
                    public float lossAndGradient(float[] params, int step, float[] grad) {
                      if (busy.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                      }
                      inside.incrementAndGet();
                      try {
                        Thread.sleep(1);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      busy.decrementAndGet();
                      return inner.lossAndGradient(params, step, grad);
                    }
                  });
            }
            return tasks;
          }

          @Override
          public String name() {
            return "guarded";
          }
        };
    float[] grad = new float[RULE.parameterCount()];
    try (Pes pes =
        new Pes(
            RULE,
            guarded,
            new Objective.StepWeighted(StepWeighting.UNIFORM),
            new TruncatedBptt.Truncation(2, UNROLL, HORIZON),
            4,
            0.01f,
            3,
            2)) {
      pes.estimate(phi(), 0, grad);
    }
    assertTrue(inside.get() > 0);
    assertEquals(0, overlaps.get(), "particles of one task ran concurrently");
  }

  /** θ ← θ − φ₀·∇f: SGD whose learning rate is the one meta-parameter. */
  private static final io.learnopt.lopt.LearnedOptimizer LEARNED_RATE =
      new io.learnopt.lopt.LearnedOptimizer() {
        @Override
        public String name() {
          return "learned-rate";
        }

        @Override
        public int parameterCount() {
          return 1;
        }

        @Override
        public void initialize(Rng rng, float[] phi) {
          phi[0] = 0.1f;
        }

        @Override
        public Optimizer bind(float[] phi) {
          return io.learnopt.optim.Optimizers.parse("sgd:lr=" + phi[0]);
        }

        @Override
        public io.learnopt.lopt.Unroll newUnroll(io.learnopt.lopt.UnrollShape shape, int steps) {
          throw new UnsupportedOperationException("PES needs no unroll");
        }
      };

  private static final float[] CHAOTIC_START = {0.3f, -1.2f, 2.1f, 0.7f, -2.6f, 1.5f};

  /** f(θ) = Σ (1 − cos θ_i): bounded, so a horizon's meta-loss is bounded whatever φ does. */
  private static Task bounded() {
    return new Task() {
      @Override
      public int dimension() {
        return CHAOTIC_START.length;
      }

      @Override
      public float[] initialParams() {
        return CHAOTIC_START.clone();
      }

      @Override
      public float lossAndGradient(float[] params, int step, float[] grad) {
        float loss = 0;
        for (int i = 0; i < params.length; i++) {
          loss += 1 - (float) Math.cos(params[i]);
          grad[i] = (float) Math.sin(params[i]);
        }
        return loss;
      }
    };
  }

  /**
   * Gradient descent on 1 − cos θ with learning rate 5 is chaotic (the map θ ↦ θ − 5 sin θ has a
   * Lyapunov exponent of about 1.1 per step), so the exact gradient of an 800-step horizon's
   * meta-loss, what untruncated BPTT through the optimizee computes, grows like e^{1.1·t} and
   * overflows even double precision. PES over the same horizon reads only differences of bounded
   * losses: every estimate is finite and bounded by max|L⁺ − L⁻|·|ξ|/(2σ²).
   */
  @Test
  void staysFiniteOnAHorizonWhereTheExactGradientExplodes() {
    int horizon = 800;
    double rate = 5;
    // Forward mode in double: s_t = ∂θ_t/∂φ, s_{t+1} = s_t·(1 − φ cos θ_t) − sin θ_t.
    double exact = 0;
    for (double start : CHAOTIC_START) {
      double theta = start;
      double s = 0;
      for (int t = 0; t < horizon; t++) {
        double next = theta - rate * Math.sin(theta);
        s = s * (1 - rate * Math.cos(theta)) - Math.sin(theta);
        theta = next;
        exact += Math.sin(theta) * s; // ∂(1 − cos θ_{t+1})/∂φ
      }
    }
    assertTrue(
        !Double.isFinite(exact) || Math.abs(exact) > 1e100,
        "the exact gradient should explode, got " + exact);

    TaskSource source =
        new TaskSource() {
          @Override
          public List<Task> batch(long index, int size) {
            return Collections.nCopies(size, bounded());
          }

          @Override
          public String name() {
            return "one-minus-cosine";
          }
        };
    float sigma = 0.01f;
    int pairs = 4;
    float[] phi = {(float) rate};
    float[] grad = new float[1];
    try (Pes pes =
        new Pes(
            LEARNED_RATE,
            source,
            new Objective.StepWeighted(StepWeighting.UNIFORM),
            new TruncatedBptt.Truncation(1, 20, horizon),
            pairs,
            sigma,
            11,
            1)) {
      // A truncation's loss is at most 20 steps × 2 per coordinate; |ξ| grows as √(truncations)·σ.
      double bound =
          20.0
              * 2
              * CHAOTIC_START.length
              * 6
              * sigma
              * Math.sqrt(pes.stepsPerRound())
              / (2 * sigma * sigma);
      for (long step = 0; step < pes.stepsPerRound(); step++) {
        double loss = pes.estimate(phi, step, grad);
        assertTrue(Double.isFinite(loss), "loss at step " + step);
        assertTrue(
            Float.isFinite(grad[0]) && Math.abs(grad[0]) <= bound,
            "estimate " + grad[0] + " at step " + step + " (bound " + bound + ")");
      }
    }
  }
}
