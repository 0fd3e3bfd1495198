package io.learnopt.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A DJL model trained by DJL's Trainer with a learnopt model file, against DJL's own Adam, with
 * every connection the JVM attempts recorded and refused ({@link ConnectionRecorder}): DJL must run
 * offline (no telemetry, no cloud metadata lookup, no model zoo). Surefire runs each test class in
 * its own JVM, so the recorder is in place before DJL's engine loads.
 */
class DjlTrainingTest {
  @BeforeAll
  static void recordConnections() throws IOException {
    ConnectionRecorder.install();
  }

  /** The recorder sees attempted connections (so its silence below means something). */
  @Test
  void theRecorderSeesAttemptedConnections() throws IOException {
    URL url = URI.create("http://127.0.0.1:9/probe").toURL();
    assertThrows(IOException.class, () -> url.openConnection(java.net.Proxy.NO_PROXY).connect());
    assertThrows(IOException.class, () -> new java.net.Socket("127.0.0.1", 9).close());
    assertTrue(
        ConnectionRecorder.ATTEMPTS.removeIf(a -> a.contains("127.0.0.1")),
        "nothing recorded: " + ConnectionRecorder.ATTEMPTS);
  }

  @Test
  void aLearnedOptimizerTrainsADjlModelOfflineAndBetterThanAdam() {
    int steps = 100;
    LearnoptOptimizer learned =
        LearnoptDjl.optimizer(
            Path.of(System.getProperty("learnopt.home"), "models", "mnist-l2l.safetensors"));
    DjlMnist.Run lstm = DjlMnist.train(learned, steps, 3);
    DjlMnist.Run adam =
        DjlMnist.train(
            Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.03f)).build(), steps, 3);
    assertEquals(4, learned.parameters(), "one state per weight and bias of the two layers");
    assertTrue(mean(lstm.losses(), 0, 5) > 2f, "starts near ln 10");
    float lstmFinal = mean(lstm.losses(), steps - 10, steps);
    float adamFinal = mean(adam.losses(), steps - 10, steps);
    assertTrue(lstmFinal < adamFinal, "lstm " + lstmFinal + " against DJL's Adam " + adamFinal);
    assertTrue(lstm.testAccuracy() > 0.9, "test accuracy " + lstm.testAccuracy());
    assertEquals(List.of(), ConnectionRecorder.ATTEMPTS, "connections attempted");
  }

  private static float mean(float[] values, int from, int to) {
    float sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return sum / (to - from);
  }
}
