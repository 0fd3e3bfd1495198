package io.learnopt.nn;

import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The convolution blocks {@link ConvNet} and {@link ConvFcNet} share: per block a k×k convolution
 * (same padding) with batch norm (or, without it, a conv bias), 2×2 max-pooling and ReLU. One place
 * for their parameter names, layout, initialization and forward pass.
 *
 * @param inputChannels channels of the input images
 * @param channels channels of every block
 * @param kernel side of the (odd) convolution kernels
 * @param blocks number of blocks
 * @param batchNorm batch norm after each convolution, else a conv bias
 */
record ConvBlocks(int inputChannels, int channels, int kernel, int blocks, boolean batchNorm) {
  /** Side of the max-pooling windows (and their stride). */
  static final int POOL = 2;

  /** ε of batch norm, PyTorch's default. */
  static final float BATCH_NORM_EPS = 1e-5f;

  static String convWeightName(int l) {
    return "block" + l + ".conv.weight";
  }

  static String convBiasName(int l) {
    return "block" + l + ".conv.bias";
  }

  static String gammaName(int l) {
    return "block" + l + ".bn.gamma";
  }

  static String betaName(int l) {
    return "block" + l + ".bn.beta";
  }

  /** Appends the blocks' parameters, block by block. */
  void addTo(ParameterLayout.Builder b) {
    for (int l = 0; l < blocks; l++) {
      b.add(convWeightName(l), channels, inChannels(l), kernel, kernel);
      if (batchNorm) {
        b.add(gammaName(l), channels);
        b.add(betaName(l), channels);
      } else {
        b.add(convBiasName(l), channels);
      }
    }
  }

  /**
   * He normal convolution weights N(0, 2/fan_in), fan_in = in-channels·k·k, drawn from {@code rng}
   * block by block; zero biases; γ = 1, β = 0.
   */
  void initialize(Rng rng, ParameterLayout layout, float[] params) {
    for (int l = 0; l < blocks; l++) {
      int fanIn = inChannels(l) * kernel * kernel;
      NormalInit.fill(rng, layout.view(params, convWeightName(l)), (float) Math.sqrt(2.0 / fanIn));
      if (batchNorm) {
        Tensor gamma = layout.view(params, gammaName(l));
        Arrays.fill(params, gamma.offset(), gamma.offset() + gamma.size(), 1f);
        layout.view(params, betaName(l)).fillZero();
      } else {
        layout.view(params, convBiasName(l)).fillZero();
      }
    }
  }

  /**
   * Per block h ← relu(maxPool(bn(conv(h)))) (or relu(maxPool(conv(h) + bias))), taking the blocks'
   * parameters from {@code params} in layout order.
   */
  Var forward(Tape tape, Iterator<Var> params, Var h) {
    for (int l = 0; l < blocks; l++) {
      Var w = params.next();
      if (batchNorm) {
        h = tape.conv2d(h, w, kernel / 2);
        h = tape.batchNorm(h, params.next(), params.next(), BATCH_NORM_EPS);
      } else {
        h = tape.conv2d(h, w, params.next(), kernel / 2);
      }
      // ReLU after pooling: max-pooling commutes with the monotone ReLU, so this is the same
      // function and gradient as ReLU then pooling, with a quarter of the ReLU work.
      h = tape.relu(tape.maxPool2d(h, POOL));
    }
    return h;
  }

  private int inChannels(int l) {
    return l == 0 ? inputChannels : channels;
  }
}
