package io.learnopt.autodiff;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records one forward pass and plays it back in reverse (reverse-mode automatic differentiation, as
 * in micrograd, on tensors). Use a new tape per forward pass:
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * List<Var> p = tape.parameters(layout, params, grad);   // grads land in the flat grad vector
 * Var x = tape.constant(Tensor.of(inputs, batch, 784));
 * Var h = tape.tanh(tape.linear(x, p.get(0), p.get(1)));
 * Var loss = tape.softmaxCrossEntropy(tape.linear(h, p.get(2), p.get(3)), labels);
 * tape.backward(loss);                                    // grad += ∂loss/∂params
 * }</pre>
 *
 * <p>Operations compute their value at once and record a backward step only when some input needs a
 * gradient. {@link #backward} runs the steps newest first; each one <em>adds</em> its inputs'
 * share, so a Var used twice gets the sum of both paths and parameter gradients accumulate into
 * whatever their grad tensors held before. Matrix products run on {@link Kernels}. Not thread-safe.
 */
public final class Tape {
  private final List<Node> nodes = new ArrayList<>();
  private boolean backwardDone;

  /** An input that needs no gradient, e.g. a minibatch. */
  public Var constant(Tensor value) {
    return new Var(this, value, false, null);
  }

  /**
   * A leaf whose gradient ∂L/∂value is collected in a new zero tensor, read by {@link Var#grad}.
   */
  public Var leaf(Tensor value) {
    return new Var(this, value, true, null);
  }

  /**
   * A parameter whose gradient is added into {@code grad}, a tensor of the same shape: typically a
   * view into a flat gradient vector at the offset where {@code value} sits in the flat parameters.
   */
  public Var parameter(Tensor value, Tensor grad) {
    value.requireSameShape(grad, "parameter value and gradient");
    return new Var(this, value, true, grad);
  }

  /**
   * One parameter per entry of {@code layout}, in layout order: the values are views into {@code
   * params} and the gradients views into {@code grad} at the same offsets, so after {@link
   * #backward} the flat {@code grad} holds (adds) ∂L/∂θ for the flat θ = {@code params}.
   */
  public List<Var> parameters(ParameterLayout layout, float[] params, float[] grad) {
    List<Tensor> values = layout.views(params);
    List<Tensor> grads = layout.views(grad);
    List<Var> vars = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      vars.add(parameter(values.get(i), grads.get(i)));
    }
    return vars;
  }

  /** Y[m×n] = X[m×k]·W[k×n]. */
  public Var matmul(Var x, Var w) {
    return LinearOp.apply(this, x, w, null);
  }

  /** Y[m×n] = X[m×n] + b[n], the bias added to every row. */
  public Var addBias(Var x, Var b) {
    return BiasOp.apply(this, x, b);
  }

  /** Y[m×n] = X[m×k]·W[k×n] + b[n]: a dense layer, in one step. */
  public Var linear(Var x, Var w, Var b) {
    return LinearOp.apply(this, x, w, b);
  }

  /** Y = σ(X) = 1/(1 + e^(−X)) elementwise. */
  public Var sigmoid(Var x) {
    return ActivationOp.apply(this, ActivationOp.Kind.SIGMOID, x);
  }

  /** Y = tanh(X) elementwise. */
  public Var tanh(Var x) {
    return ActivationOp.apply(this, ActivationOp.Kind.TANH, x);
  }

  /** Y = max(X, 0) elementwise. */
  public Var relu(Var x) {
    return ActivationOp.apply(this, ActivationOp.Kind.RELU, x);
  }

  /**
   * Y[B×Cout×Ho×Wo] = X[B×Cin×H×W] ⋆ W[Cout×Cin×kh×kw]: 2-D convolution (cross-correlation), stride
   * 1, {@code padding} zeros on every side, so Ho = H + 2·padding − kh + 1.
   */
  public Var conv2d(Var x, Var weight, int padding) {
    return Conv2dOp.apply(this, x, weight, null, padding);
  }

  /** {@link #conv2d(Var, Var, int)} plus bias[Cout], one value per output channel. */
  public Var conv2d(Var x, Var weight, Var bias, int padding) {
    return Conv2dOp.apply(this, x, weight, bias, padding);
  }

  /**
   * Y[B×C×⌊H/s⌋×⌊W/s⌋]: the maximum of each s×s window of X[B×C×H×W], stride s = {@code size}; the
   * gradient goes to the first maximum of each window.
   */
  public Var maxPool2d(Var x, int size) {
    return MaxPool2dOp.apply(this, x, size);
  }

  /**
   * Y = γ·(X − μ)/√(σ² + ε) + β per channel of X[B×C×H×W], γ and β of shape [C], with μ and σ² the
   * mean and (biased) variance of the channel over this batch. Always the current batch's
   * statistics, never running averages: few-shot learners normalize every episode with its own
   * statistics (MAML, Finn et al. 2017; Ravi &amp; Larochelle 2017), so an example's output depends
   * on the rest of its batch.
   */
  public Var batchNorm(Var x, Var gamma, Var beta, float eps) {
    return BatchNormOp.apply(this, x, gamma, beta, eps);
  }

  /** X read with another shape of the same size, in the same row-major order (a view). */
  public Var reshape(Var x, int... shape) {
    return ReshapeOp.apply(this, x, shape);
  }

  /** Y = A + B for tensors of one shape. */
  public Var add(Var a, Var b) {
    return AddOp.apply(this, a, b);
  }

  /**
   * Mean over rows of the cross-entropy between softmax(logits[m×c]) and the classes {@code
   * labels[m]}: a scalar.
   */
  public Var softmaxCrossEntropy(Var logits, int[] labels) {
    return SoftmaxCrossEntropyOp.apply(this, logits, labels);
  }

  /**
   * G[B×C×C] = X_b·X_bᵀ / (H·W) for feature maps X[B×C×H×W]: channel correlations (Gatys et al.'s
   * style representation).
   */
  public Var gram(Var x) {
    return GramOp.apply(this, x);
  }

  /** Y = c·X for a constant c. */
  public Var scale(Var x, float c) {
    return ScaleOp.apply(this, x, c);
  }

  /** Mean over all elements of (pred − target)²: a scalar. */
  public Var mse(Var pred, Var target) {
    return MseOp.apply(this, pred, target);
  }

  /** Back-propagates from a scalar loss: every leaf and parameter grad gets += ∂loss/∂it. */
  public void backward(Var loss) {
    if (loss.value().size() != 1) {
      throw new IllegalArgumentException(
          "backward(loss) needs a scalar loss, got " + loss.value() + "; pass an output gradient");
    }
    Tensor one = Tensor.zeros(loss.shape());
    one.set(0, 1f);
    backward(loss, one);
  }

  /**
   * Back-propagates a given ∂L/∂output (a vector-Jacobian product): every leaf and parameter grad
   * gets += (∂output/∂it)ᵀ·{@code outputGrad}. Runs once per tape.
   */
  public void backward(Var output, Tensor outputGrad) {
    requireOwn(output);
    output.value().requireSameShape(outputGrad, "backward: output and its gradient");
    if (backwardDone) {
      throw new IllegalStateException("backward already ran on this tape; record a new Tape");
    }
    if (!output.requiresGrad()) {
      throw new IllegalArgumentException(
          "backward: " + output + " does not depend on any leaf or parameter");
    }
    backwardDone = true;
    output.accumulateGrad(outputGrad);
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      // A result nothing downstream used (or that is not on the path to output) has no grad.
      if (node.output().hasGrad()) {
        node.backward();
      }
    }
  }

  /** Number of recorded backward steps. */
  public int size() {
    return nodes.size();
  }

  /**
   * Wraps an operation's result: it needs a gradient iff an input does, and then the backward step
   * made by {@code node} is recorded.
   */
  Var record(Tensor value, Function<Var, Node> node, Var... inputs) {
    if (backwardDone) {
      throw new IllegalStateException("this tape has run backward; record a new Tape");
    }
    boolean requiresGrad = false;
    for (Var input : inputs) {
      requireOwn(input);
      requiresGrad |= input.requiresGrad();
    }
    Var out = new Var(this, value, requiresGrad, null);
    if (requiresGrad) {
      nodes.add(node.apply(out));
    }
    return out;
  }

  private void requireOwn(Var v) {
    if (v.tape() != this) {
      throw new IllegalArgumentException(
          v + " belongs to another Tape; build each forward pass on one tape");
    }
  }

  @Override
  public String toString() {
    return "Tape(" + nodes.size() + " steps" + (backwardDone ? ", backward done)" : ")");
  }
}
