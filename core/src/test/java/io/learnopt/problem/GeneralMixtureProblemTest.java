package io.learnopt.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.tensor.Rng;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The general optimizer's task mixture and the parameter rescaling it applies. */
class GeneralMixtureProblemTest {
  @Test
  void aRescaledTaskIsTheSameFunctionOfTheUnscaledParameters() {
    Task quad = new QuadraticProblem(6).sample(3);
    RescaledTask scaled = new RescaledTask(quad, 7.5f);
    float[] theta0 = quad.initialParams();
    float[] prime0 = scaled.initialParams();
    for (int i = 0; i < theta0.length; i++) {
      assertEquals(theta0[i], 7.5f * prime0[i], 1e-5f * (1 + Math.abs(theta0[i])));
    }
    Rng rng = new Rng(4);
    float[] prime = new float[6];
    rng.fillGaussian(prime, 0f, 0.3f);
    float[] grad = new float[6];
    float loss = scaled.lossAndGradient(prime, 0, grad);
    float[] theta = new float[6];
    for (int i = 0; i < 6; i++) {
      theta[i] = 7.5f * prime[i];
    }
    float[] innerGrad = new float[6];
    assertEquals(quad.lossAndGradient(theta, 0, innerGrad), loss, 1e-6f * (1 + Math.abs(loss)));
    // The chain rule, checked against central differences in θ′.
    for (int i = 0; i < 6; i++) {
      assertEquals(7.5f * innerGrad[i], grad[i], 1e-4f * (1 + Math.abs(grad[i])));
      float[] p = prime.clone();
      double h = 1e-3;
      p[i] = (float) (prime[i] + h);
      double plus = scaled.lossAndGradient(p, 0, new float[6]);
      p[i] = (float) (prime[i] - h);
      double minus = scaled.lossAndGradient(p, 0, new float[6]);
      assertEquals((plus - minus) / (2 * h), grad[i], 2e-2 * (1 + Math.abs(grad[i])), "θ′" + i);
    }
    assertThrows(IllegalArgumentException.class, () -> new RescaledTask(quad, 0f));
  }

  @Test
  void theMixtureDrawsEveryFamilyDeterministicallyAndNeverThePapersNets() {
    GeneralMixtureProblem mix = new GeneralMixtureProblem(null, 0.1, 10);
    Map<String, Integer> families = new HashMap<>();
    double minScale = Double.MAX_VALUE;
    double maxScale = 0;
    for (long seed = 0; seed < 400; seed++) {
      GeneralMixtureProblem.Draw d = mix.draw(seed);
      assertEquals(d, mix.draw(seed), "the same seed, the same task");
      families.merge(d.spec().split(":")[0], 1, Integer::sum);
      assertFalse(d.spec().matches(".*hidden=[0-9,]*\\b20\\b.*"), d.spec());
      assertFalse(d.spec().contains("channels=16"), d.spec());
      Problems.parse(d.spec()); // every drawn spec is valid
      minScale = Math.min(minScale, d.scale());
      maxScale = Math.max(maxScale, d.scale());
    }
    assertEquals(3, families.size(), families.toString());
    assertTrue(families.get("mnist-mlp") > 180 && families.get("mnist-mlp") < 300, families + "");
    assertTrue(minScale >= 0.1 && minScale < 0.2 && maxScale <= 10 && maxScale > 5);
    Task a = mix.sample(11);
    Task b = mix.sample(11);
    assertArrayEquals(a.initialParams(), b.initialParams());
    assertInstanceOf(RescaledTask.class, a);
  }

  @Test
  void specsParseAndBadRangesAreUsageErrors() {
    assertEquals("general-mixture:rescale=0.1-10", Problems.parse("general-mixture").name());
    assertEquals("general-mixture:rescale=1", Problems.parse("general-mixture:rescale=1").name());
    assertFalse(
        Problems.parse("general-mixture:rescale=1").sample(5) instanceof RescaledTask,
        "rescale=1 leaves tasks as they are");
    for (String bad : new String[] {"x", "10-1", "0-3", "1-2-3"}) {
      assertThrows(
          UsageException.class, () -> Problems.parse("general-mixture:rescale=" + bad), bad);
    }
    assertEquals(
        784 * 64 + 64 + 64 * 64 + 64 + 640 + 10,
        Problems.parse("general-mixture").taskCoordinates());
  }
}
