package io.learnopt.fewshot;

import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.LstmParameters;
import io.learnopt.learned.LstmTrajectory;
import io.learnopt.tensor.Rng;

/**
 * The coordinatewise 2 × 20 LSTM optimizer of Andrychowicz et al. (2016) as a few-shot inner loop:
 * θ_t = θ_{t−1} + u_t with u_t the LSTM's output for the preprocessed gradient. Meta-loss is the
 * query loss of θ_T only, so BPTT runs with step weights (0, …, 0, 1) and ∇f(θ_T) replaced by the
 * query gradient. The LSTM reads gradients alone, so with ∇ treated as an input θ_T − θ₀ does not
 * depend on θ₀ and ∂L/∂θ₀ = ∂L/∂θ_T.
 *
 * @param config the LSTM's shape, preprocessing and output scale
 */
public record L2lInner(LstmOptimizerConfig config) implements InnerOptimizer {
  /** The paper's neural-network setting (2 × 20, log/sign with p = 10, output scale 0.1). */
  public static L2lInner paper() {
    return new L2lInner(LstmOptimizerConfig.paperNeuralNet());
  }

  @Override
  public String name() {
    return "l2l";
  }

  private LstmParameters layout() {
    return new LstmParameters(config);
  }

  @Override
  public int parameterCount() {
    return layout().size();
  }

  @Override
  public void initialize(Rng rng, float[] phi) {
    float[] fresh = layout().initialize(rng);
    System.arraycopy(fresh, 0, phi, 0, fresh.length);
  }

  @Override
  public Run newRun(int coordinates, int steps) {
    LstmTrajectory trajectory = new LstmTrajectory(layout(), coordinates, steps);
    float[] update = new float[coordinates];
    float[] weights = new float[steps + 1];
    weights[steps] = 1f;
    return new Run() {
      @Override
      public void reset() {
        trajectory.resetState();
      }

      @Override
      public void step(float[] phi, int t, float[] theta, float[] grad, float loss) {
        trajectory.forwardStep(phi, t, grad, update);
        for (int i = 0; i < coordinates; i++) {
          theta[i] += update[i];
        }
      }

      @Override
      public void backward(float[] phi, float[] dtheta, float[] dphi) {
        trajectory.setFinalGradient(dtheta);
        trajectory.backward(phi, weights, 1f, dphi);
      }
    };
  }
}
