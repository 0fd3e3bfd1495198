package io.learnopt.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.data.Cifar10Test;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cifar-conv}: spec, class subsets, tasks, on CIFAR-format files and on MNIST. */
class ConvNetProblemTest {
  @TempDir static Path tmp;

  private static Path cifar() throws IOException {
    Path dir = tmp.resolve("cifar");
    return java.nio.file.Files.isDirectory(dir) ? dir : Cifar10Test.writeTinyCifar(dir);
  }

  @Test
  void defaultsAreThePapersNetworkOnAllTenClasses() throws IOException {
    ConvNetProblem p = (ConvNetProblem) Problems.parse("cifar-conv:batch=4", cifar());
    assertEquals("cifar-conv:channels=16,kernel=5,fc=32,batch=4,classes=0-9", p.name());
    assertEquals(10, p.network().classes());
    assertEquals(3, p.network().inputChannels());
    assertEquals(32, p.network().side());
  }

  @Test
  void theSpecRoundTrips() throws IOException {
    for (String spec :
        List.of(
            "cifar-conv:channels=2,kernel=3,fc=4,batch=2,classes=0-4",
            "cifar-conv:channels=2,kernel=3,fc=4,batch=1,classes=3,5",
            "cifar-conv:channels=2,kernel=3,fc=4,batch=1,classes=0,2-4")) {
      assertEquals(spec, Problems.parse(spec, cifar()).name());
    }
  }

  @Test
  void aSubsetKeepsItsClassesRelabelledInOrder() throws IOException {
    ConvNetProblem p =
        (ConvNetProblem)
            Problems.parse("cifar-conv:channels=2,kernel=3,fc=4,batch=1,classes=7,2", cifar());
    assertEquals("cifar-conv:channels=2,kernel=3,fc=4,batch=1,classes=2,7", p.name());
    assertEquals(2, p.network().classes());
    Task task = p.sample(3);
    float[] params = task.initialParams();
    float[] grad = new float[task.dimension()];
    float loss = task.lossAndGradient(params, 0, grad);
    assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss);
    // The tiny training set has one image each of classes 2 and 7 (labels 0..9 in order).
    Map<String, Double> metrics = ((FinalMetrics) task).finalMetrics(params);
    assertTrue(metrics.get("test_accuracy") >= 0 && metrics.get("test_accuracy") <= 1);
    // Fewer training examples than the metric's limit: the whole (two-image) set, plainly named.
    assertEquals(List.of("test_accuracy", "train_loss"), ((FinalMetrics) task).metricNames());
    assertArrayEquals(task.initialParams(), p.sample(3).initialParams(), "seeded");
  }

  @Test
  void theTrainingLossMetricCoversAtMostTheFirstExamplesAndSaysSo() {
    ConvNetProblem p =
        (ConvNetProblem) Problems.parse("cifar-conv:channels=2,kernel=3,fc=4,classes=0-1");
    FinalMetrics task = (FinalMetrics) p.sample(1);
    assertEquals(
        List.of("test_accuracy", "train_loss_first_" + ConvNetProblem.TRAIN_METRIC_EXAMPLES),
        task.metricNames());
  }

  @Test
  void badOptionsAreUsageErrors() throws IOException {
    Path dir = cifar();
    for (String spec :
        List.of(
            "cifar-conv:classes=3",
            "cifar-conv:classes=0-10",
            "cifar-conv:classes=4-2",
            "cifar-conv:classes=a",
            "cifar-conv:kernel=4",
            "cifar-conv:batch=1000",
            "cifar-conv:depth=3")) {
      assertThrows(UsageException.class, () -> Problems.parse(spec, dir), spec);
    }
  }

  @Test
  void runsOnMnistWithOneInputChannel() {
    ConvNetProblem p =
        (ConvNetProblem) Problems.parse("cifar-conv:channels=2,kernel=3,fc=4,classes=0-4");
    assertEquals(1, p.network().inputChannels());
    assertEquals(28, p.network().side());
    assertEquals(5, p.network().classes());
  }
}
