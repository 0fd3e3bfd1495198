package io.learnopt.bench.jmh;

import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmParameters;
import io.learnopt.learned.LstmTrajectory;
import io.learnopt.tensor.Rng;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The paper's 2×20 LSTM optimizer (Andrychowicz et al. 2016) driving many coordinates, on one
 * thread: what the kernel benchmark's per-block rates become once the activations of every block
 * and step stream through memory. {@code applyStep} is the cost the learned optimizer adds to each
 * optimizee step; {@code unroll} is the LSTM's share of one meta-training step (20 steps forward,
 * then BPTT), with fixed random gradients standing in for the optimizee's.
 *
 * <p>Neither resets the LSTM state between operations: the hidden and cell state carry over, as
 * they do from one optimizee step (or one truncated-BPTT unroll) to the next, and the kernels take
 * the same time whatever the values (they are branch-free).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class LstmTrajectoryBenchmark {
  /** The network: 2 layers of 20, log/sign preprocessing, as for the paper's MNIST experiments. */
  static final LstmOptimizerConfig CONFIG = LstmOptimizerConfig.paperNeuralNet();

  /** Optimizee steps per unroll, as in the paper. */
  static final int UNROLL = 20;

  /** What both benchmarks' states share: the layout, a fresh φ and random gradients. */
  @State(Scope.Thread)
  public abstract static class Common {
    /** Optimizee coordinates N: a small network and one the size of a real model's layer. */
    @Param({"1000", "100000"})
    public int coordinates;

    LstmParameters layout;
    float[] phi;
    float[] update;

    /** Gradients of scale 10⁻², where log/sign preprocessing takes its usual (log) branch. */
    float[] gradient(Rng rng) {
      float[] g = new float[coordinates];
      rng.fillGaussian(g, 0f, 1e-2f);
      return g;
    }

    void init() {
      layout = new LstmParameters(CONFIG);
      phi = layout.initialize(new Rng(1));
      update = new float[coordinates];
    }
  }

  /** A one-step trajectory, as {@code LstmOptimizer} keeps per optimizee. */
  @State(Scope.Thread)
  public static class Apply extends Common {
    LstmTrajectory trajectory;
    float[] grad;

    /** Allocates the trajectory and one gradient. */
    @Setup
    public void setUp() {
      init();
      trajectory = new LstmTrajectory(layout, coordinates, 1);
      trajectory.resetState();
      grad = gradient(new Rng(2));
    }
  }

  /** A 20-step trajectory, as the meta-trainer keeps per task, and ∇f(θ_t) for t = 0..20. */
  @State(Scope.Thread)
  public static class Unroll extends Common {
    LstmTrajectory trajectory;
    float[][] grads;
    float[] dphi;

    /** Allocates the trajectory (about 1.9 GB of activations at 100,000 coordinates). */
    @Setup
    public void setUp() {
      init();
      trajectory = new LstmTrajectory(layout, coordinates, UNROLL);
      trajectory.resetState();
      Rng rng = new Rng(2);
      grads = new float[UNROLL + 1][];
      for (int t = 0; t <= UNROLL; t++) {
        grads[t] = gradient(rng);
      }
      dphi = new float[layout.size()];
    }
  }

  /** One optimizee step of the learned optimizer: LSTM forward, then keep its state. */
  @Benchmark
  public float[] applyStep(Apply s) {
    s.trajectory.forwardStep(s.phi, 0, s.grad, s.update);
    s.trajectory.carryOver(1);
    return s.update;
  }

  /** One unroll: 20 forward steps, BPTT into ∂L/∂φ, then carry the state to the next unroll. */
  @Benchmark
  public float[] unroll(Unroll s) {
    for (int t = 0; t < UNROLL; t++) {
      s.trajectory.forwardStep(s.phi, t, s.grads[t], s.update);
    }
    s.trajectory.setFinalGradient(s.grads[UNROLL]);
    Arrays.fill(s.dphi, 0f);
    s.trajectory.backward(s.phi, null, 1f, s.dphi);
    s.trajectory.carryOver();
    return s.dphi;
  }
}
