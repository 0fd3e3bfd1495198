package io.learnopt.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.learnopt.data.art.ArtImages;
import io.learnopt.data.art.RgbImage;
import io.learnopt.nn.FeatureNet;
import io.learnopt.tensor.Rng;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The neural-art problem: its loss and gradient, its tasks and its image sets. */
class NeuralArtProblemTest {
  private static RgbImage random(int size, long seed) {
    float[] chw = new float[3 * size * size];
    new Rng(seed).fillUniform(chw, 0f, 1f);
    return new RgbImage("r" + seed, size, size, chw);
  }

  /**
   * ∇f against finite differences over every pixel of an 8×8 image, f with a content weight that
   * makes both terms count. ReLU and max-pooling make f piecewise smooth: where the central
   * difference straddles a kink, one of the one-sided differences must match, for at most a third
   * of the pixels.
   */
  @Test
  void styleAndContentGradientMatchesFiniteDifferences() {
    StyleTransferLoss loss =
        new StyleTransferLoss(FeatureNet.random(3), random(8, 1), random(8, 2), 0.7f);
    float[] x = random(8, 5).chw();
    float[] grad = new float[x.length];
    double f0 = loss.evaluate(x, grad);
    assertTrue(f0 > 0.01, "the loss is " + f0 + ": the check would prove little");
    double eps = 2e-3;
    int oneSided = 0;
    for (int i = 0; i < x.length; i++) {
      double plus = at(loss, x, i, eps);
      double minus = at(loss, x, i, -eps);
      double central = (plus - minus) / (2 * eps);
      if (close(grad[i], central)) {
        continue;
      }
      double right = (at(loss, x, i, eps / 2) - f0) / (eps / 2);
      double left = (f0 - at(loss, x, i, -eps / 2)) / (eps / 2);
      if (!close(grad[i], left) && !close(grad[i], right)) {
        fail(
            "pixel "
                + i
                + ": gradient "
                + grad[i]
                + ", differences "
                + central
                + ", "
                + left
                + ", "
                + right);
      }
      oneSided++;
    }
    assertTrue(oneSided <= x.length / 3, oneSided + " of " + x.length + " one-sided");
  }

  private static double at(StyleTransferLoss loss, float[] x, int i, double delta) {
    float saved = x[i];
    x[i] = (float) (saved + delta);
    double f = loss.evaluate(x, null);
    x[i] = saved;
    return f;
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= 2e-3 + 2e-2 * Math.abs(b);
  }

  @Test
  void theContentImageHasNoContentLossAndTheStyleItselfNoStyleLoss() {
    RgbImage content = random(16, 7);
    RgbImage style = random(16, 8);
    FeatureNet net = FeatureNet.random(1);
    float atStyle = new StyleTransferLoss(net, content, style, 0f).evaluate(style.chw(), null);
    assertEquals(0f, atStyle, 1e-6f);
    float atContent = new StyleTransferLoss(net, content, style, 5f).evaluate(content.chw(), null);
    float styleOnly = new StyleTransferLoss(net, content, style, 0f).evaluate(content.chw(), null);
    assertEquals(styleOnly, atContent, 1e-6f * styleOnly);
    assertTrue(styleOnly > 0);
  }

  @Test
  void tasksAreSeededAndTheTestImagesAreHeldOutOfTraining() {
    NeuralArtProblem train = (NeuralArtProblem) Problems.parse("neural-art:size=16");
    NeuralArtProblem test = (NeuralArtProblem) Problems.parse("neural-art:size=16,images=test");
    Set<String> overlap = new HashSet<>(train.contentNames());
    overlap.retainAll(test.contentNames());
    assertTrue(overlap.isEmpty(), overlap.toString());
    assertEquals(ArtImages.HELD_OUT, test.contentNames());
    assertEquals(7, train.contentNames().size());
    Task a = train.sample(3);
    Task b = train.sample(3);
    assertArrayEquals(a.initialParams(), b.initialParams());
    float[] ga = new float[a.dimension()];
    float[] gb = new float[b.dimension()];
    assertEquals(
        a.lossAndGradient(a.initialParams(), 0, ga), b.lossAndGradient(b.initialParams(), 5, gb));
    assertArrayEquals(ga, gb);
    assertEquals(3 * 16 * 16, a.dimension());
    assertTrue(List.of("neural-art", "quadratic").contains(train.name().split(":")[0]));
  }
}
