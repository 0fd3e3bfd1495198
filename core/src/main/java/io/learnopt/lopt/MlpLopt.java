package io.learnopt.lopt;

import io.learnopt.LearnoptException;
import io.learnopt.MemoryBudget;
import io.learnopt.optim.NamedArrays;
import io.learnopt.optim.Optimizer;
import io.learnopt.tensor.ParameterGroups;
import io.learnopt.tensor.Rng;

/**
 * A per-parameter MLP optimizer in the style of learned_optimization's {@code MLPLOpt}: every
 * coordinate's update u = s·d·exp(e·m) comes from the same small MLP reading that coordinate's
 * gradient, momenta at several decays, second moment and their ratios, each normalized over its
 * tensor ({@link MlpLoptFeatures}), plus time features. Unlike {@code MLPLOpt} it does not read θ:
 * the update is then a function of the gradient history alone, so ∂θ_{t+1}/∂θ_t = I with ∇ an
 * input, and the meta-gradient of a truncation is a sum of per-step MLP backward passes with no
 * recurrence through the rule. Its step costs one small MLP forward per coordinate, far less than
 * the L2L LSTM's.
 *
 * @param config the network and feature shape
 */
public record MlpLopt(MlpLoptConfig config) implements LearnedOptimizer {
  /** Registry name. */
  public static final String NAME = "mlp-lopt";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int parameterCount() {
    return new MlpLoptNet(config).size();
  }

  @Override
  public void initialize(Rng rng, float[] phi) {
    new MlpLoptNet(config).initialize(rng, phi);
  }

  @Override
  public Optimizer bind(float[] phi) {
    if (phi.length != parameterCount()) {
      throw new IllegalArgumentException(
          NAME + " has " + parameterCount() + " meta-parameters, got " + phi.length);
    }
    return new Bound(config, phi.clone());
  }

  @Override
  public Unroll newUnroll(UnrollShape shape, int steps) {
    return new MlpUnroll(config, shape.groups(), steps);
  }

  /** The stored features and gradients of every step, the accumulators and the workspace. */
  @Override
  public long unrollBytes(long coordinates, int steps) {
    long perCoordinate =
        MemoryBudget.sum(
            MemoryBudget.product(steps, config.coordinateFeatures() + 2L),
            config.accumulators() + 1L);
    return MemoryBudget.sum(
        MemoryBudget.product(coordinates, perCoordinate, 4),
        new MlpLoptNet(config).workspaceBytes());
  }

  /** The rule with φ fixed. */
  private record Bound(MlpLoptConfig config, float[] phi) implements Optimizer {
    @Override
    public State init(int coordinates) {
      return init(ParameterGroups.single(coordinates));
    }

    @Override
    public State init(ParameterGroups tensors) {
      return new RunState(config, tensors);
    }

    @Override
    public void update(float[] grad, float[] params, State state, float[] update) {
      if (!(state instanceof RunState s)) {
        throw new IllegalArgumentException(NAME + ": expected a state from its own init");
      }
      int n = s.features.coordinates();
      if (grad.length != n || params.length != n || update.length != n) {
        throw new IllegalArgumentException(
            NAME
                + ": the state is for "
                + n
                + " coordinates, got arrays of "
                + grad.length
                + ", "
                + params.length
                + " and "
                + update.length);
      }
      s.features.advance(grad, s.x);
      s.net.timeFeatures(s.features.steps(), s.time);
      s.net.forward(phi, s.x, s.time, n, update);
      s.features.setSteps(s.features.steps() + 1);
    }

    @Override
    public String name() {
      return NAME;
    }
  }

  /** One run's accumulators, feature rows and network workspace. */
  private static final class RunState implements Optimizer.State {
    final MlpLoptFeatures features;
    final MlpLoptNet net;
    final float[] x;
    final float[] time;
    private final MlpLoptConfig config;

    RunState(MlpLoptConfig config, ParameterGroups tensors) {
      this.config = config;
      this.features = new MlpLoptFeatures(config, tensors);
      this.net = new MlpLoptNet(config);
      this.x = new float[Math.multiplyExact(tensors.coordinates(), config.coordinateFeatures())];
      this.time = new float[config.timeScales().length];
    }

    private String[] names() {
      float[] decays = config.momentumDecays();
      String[] names = new String[decays.length + 1];
      for (int k = 0; k < decays.length; k++) {
        names[k] = "m" + k;
      }
      names[decays.length] = "v";
      return names;
    }

    @Override
    public void save(NamedArrays out) {
      String[] names = names();
      float[][] acc = features.accumulators();
      for (int k = 0; k < names.length; k++) {
        out.putArray(names[k], acc[k]);
      }
      out.putCounter("t", features.steps());
    }

    @Override
    public void restore(NamedArrays in) {
      String[] names = names();
      float[][] acc = features.accumulators();
      for (int k = 0; k < names.length; k++) {
        float[] saved = in.array(names[k], acc[k].length);
        if (names[k].equals("v")) {
          for (int i = 0; i < saved.length; i++) {
            if (saved[i] < 0) {
              throw new LearnoptException(
                  "optimizer state array 'v' holds " + saved[i] + " at index " + i);
            }
          }
        }
        System.arraycopy(saved, 0, acc[k], 0, saved.length);
      }
      long t = in.counter("t");
      if (t < 0) {
        throw new LearnoptException("optimizer state counter 't' is " + t);
      }
      features.setSteps(t);
    }
  }

  /** Truncated BPTT: the features and gradients of every step are kept for the backward pass. */
  private static final class MlpUnroll implements Unroll {
    private final MlpLoptFeatures features;
    private final MlpLoptNet net;
    private final float[][] xs;
    private final float[][] times;
    private final float[][] grads;
    private final float[] update;
    private final float[] adjoint;

    MlpUnroll(MlpLoptConfig config, ParameterGroups tensors, int steps) {
      int n = tensors.coordinates();
      features = new MlpLoptFeatures(config, tensors);
      net = new MlpLoptNet(config);
      xs = new float[steps][Math.multiplyExact(n, config.coordinateFeatures())];
      times = new float[steps][config.timeScales().length];
      grads = new float[steps][n];
      update = new float[n];
      adjoint = new float[n];
    }

    @Override
    public long activationBytes() {
      return 4L * (xs.length * (long) (xs[0].length + grads[0].length));
    }

    @Override
    public void reset() {
      features.reset();
    }

    @Override
    public void step(float[] phi, int t, float[] theta, float[] grad, float[] losses) {
      features.advance(grad, xs[t]);
      net.timeFeatures(features.steps(), times[t]);
      net.forward(phi, xs[t], times[t], update.length, update);
      features.setSteps(features.steps() + 1);
      for (int i = 0; i < update.length; i++) {
        theta[i] += update[i];
      }
      System.arraycopy(grad, 0, grads[t], 0, grad.length);
    }

    /**
     * With ∂θ_{t+1}/∂θ_t = I the adjoint of u_t is that of θ_{t+1}: s·w_T·∇ℓ(θ_T) plus the direct
     * adjoints s·w_τ·∇f(θ_τ) of the steps τ in (t, T).
     */
    @Override
    public void backward(float[] phi, TruncationLoss loss, float[] dtheta0, float[] dphi) {
      int steps = xs.length;
      float last = loss.scaledWeight(steps);
      float[] finalGradient = loss.finalGradient();
      for (int i = 0; i < adjoint.length; i++) {
        adjoint[i] = last * finalGradient[i];
      }
      for (int t = steps - 1; t >= 0; t--) {
        net.backward(phi, xs[t], times[t], adjoint.length, adjoint, dphi);
        if (t > 0) {
          float w = loss.scaledWeight(t);
          float[] g = grads[t];
          for (int i = 0; i < adjoint.length; i++) {
            adjoint[i] += w * g[i];
          }
        }
      }
      if (dtheta0 != null) {
        System.arraycopy(adjoint, 0, dtheta0, 0, adjoint.length);
      }
    }

    @Override
    public void carryOver() {}
  }
}
