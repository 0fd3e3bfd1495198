package io.learnopt.autodiff;

import io.learnopt.tensor.Kernels;
import io.learnopt.tensor.Tensor;

/**
 * A value on a {@link Tape} and, if it requires one, its gradient ∂L/∂value: same shape, filled by
 * {@link Tape#backward}. Constants (inputs, labels' one-hots, targets) require no gradient; leaves
 * and parameters do, and so does every result computed from one of them.
 *
 * <p>A parameter's gradient is the tensor it was bound with, often a view into a flat gradient
 * vector; other gradients are allocated, as zeros, the first time something is added to them.
 */
public final class Var {
  private final Tape tape;
  private final Tensor value;
  private final boolean requiresGrad;
  private Tensor grad;

  Var(Tape tape, Tensor value, boolean requiresGrad, Tensor grad) {
    this.tape = tape;
    this.value = value;
    this.requiresGrad = requiresGrad;
    this.grad = grad;
  }

  /** The value computed in the forward pass. */
  public Tensor value() {
    return value;
  }

  /** Whether gradients flow to this Var. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** ∂L/∂value, zeros until {@link Tape#backward} adds to it; constants have none. */
  public Tensor grad() {
    if (!requiresGrad) {
      throw new IllegalStateException("a constant " + value + " has no gradient");
    }
    if (grad == null) {
      grad = Tensor.zeros(value.shape());
    }
    return grad;
  }

  /** A copy of the shape of the value. */
  public int[] shape() {
    return value.shape();
  }

  /** The single element of a scalar (size-1) value, e.g. a loss. */
  public float item() {
    if (value.size() != 1) {
      throw new IllegalStateException("item() needs a scalar, this Var holds " + value);
    }
    return value.get(0);
  }

  /**
   * ∂L/∂value += {@code g}, element by element, if this Var takes a gradient: the backward step of
   * an input that reaches the output unchanged (an addend, a reshaped view).
   */
  void accumulateGrad(Tensor g) {
    if (requiresGrad) {
      Tensor d = grad();
      Kernels.axpy(1f, g.data(), g.offset(), d.data(), d.offset(), g.size());
    }
  }

  /** Whether any gradient has reached this Var yet: if not, its producer has nothing to do. */
  boolean hasGrad() {
    return grad != null;
  }

  Tape tape() {
    return tape;
  }

  @Override
  public String toString() {
    return "Var" + value + (requiresGrad ? " (grad)" : "");
  }
}
