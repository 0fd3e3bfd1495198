package io.learnopt.autodiff;

/**
 * One recorded operation: given ∂L/∂output, adds its inputs' share ∂L/∂input to their grads. Every
 * op is a record of its inputs, its output and whatever its backward step keeps from the forward
 * pass, so the op's file holds only the forward and backward math.
 */
interface Node {

  /** The Var this operation produced. */
  Var output();

  /** Adds (never assigns) ∂L/∂input = (∂output/∂input)ᵀ·∂L/∂output to each input needing it. */
  void backward();
}
