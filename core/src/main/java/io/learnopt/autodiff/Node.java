package io.learnopt.autodiff;

/** One recorded operation: given ∂L/∂output, adds its inputs' share ∂L/∂input to their grads. */
interface Node {

  /** The Var this operation produced. */
  Var output();

  /** Adds (never assigns) ∂L/∂input = (∂output/∂input)ᵀ·∂L/∂output to each input needing it. */
  void backward();
}
