package io.learnopt.learned;

import io.learnopt.tensor.MatrixView;

/**
 * One LSTM layer's cell at step t over a block of coordinates: what {@link LstmKernels#cellForward}
 * and {@link LstmKernels#cellBackward} work on.
 *
 * @param gates 4H rows in gate order i, f, g, o: the pre-activations z, which the forward pass
 *     overwrites with the activated gates that the backward pass reads
 * @param cPrev c_{t−1}, H rows
 * @param c c_t, H rows
 * @param hidden H, the layer's units
 */
public record LstmCell(MatrixView gates, MatrixView cPrev, MatrixView c, int hidden) {}
