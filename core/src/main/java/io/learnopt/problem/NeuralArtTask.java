package io.learnopt.problem;

import io.learnopt.data.art.RgbImage;
import java.util.Arrays;

/**
 * One style-transfer problem: the pixels of a {@code size × size} image, starting at the content
 * image, under the {@link StyleTransferLoss} of that content and a style. The objective is
 * deterministic (no minibatches), so every step sees the same function.
 */
public final class NeuralArtTask implements Task {
  private final RgbImage content;
  private final StyleTransferLoss loss;

  NeuralArtTask(RgbImage content, StyleTransferLoss loss) {
    this.content = content;
    this.loss = loss;
  }

  @Override
  public int dimension() {
    return content.chw().length;
  }

  @Override
  public float[] initialParams() {
    return content.chw().clone();
  }

  @Override
  public float lossAndGradient(float[] params, int step, float[] grad) {
    Arrays.fill(grad, 0f);
    return loss.evaluate(params, grad);
  }

  /** The content image of this task (its crop, at the task's size). */
  public RgbImage content() {
    return content;
  }

  /** The parameters {@code params} as an image, named after the content. */
  public RgbImage image(float[] params) {
    return new RgbImage(content.name(), content.height(), content.width(), params.clone());
  }
}
