package io.learnopt.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.eval.Evaluator;
import io.learnopt.eval.LossCurves;
import io.learnopt.nn.Activation;
import io.learnopt.optim.Aliases;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MNIST MLP problem: spec parsing, task determinism, and the evaluator's final metrics. */
class MnistMlpProblemTest {

  @Test
  void specWithAListOfHiddenSizesRoundTrips() {
    MnistMlpProblem p =
        (MnistMlpProblem) Problems.parse("mnist-mlp:hidden=20,20,act=relu,batch=32");
    assertEquals(List.of(20, 20), p.hidden());
    assertEquals(Activation.RELU, p.activation());
    assertEquals(32, p.batch());
    assertEquals("mnist-mlp:hidden=20,20,act=relu,batch=32", p.name());
    assertEquals(p.name(), Problems.parse(p.name()).name());
    assertEquals(784 * 20 + 20 + 20 * 20 + 20 + 20 * 10 + 10, p.sample(1).dimension());
  }

  @Test
  void defaultsAreThePapersNetwork() {
    MnistMlpProblem p = (MnistMlpProblem) Problems.parse("mnist-mlp");
    assertEquals("mnist-mlp:hidden=20,act=sigmoid,batch=128", p.name());
    assertEquals(15_910, p.sample(3).dimension());
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThrows(UsageException.class, () -> Problems.parse("mnist-mlp:hidden=20,x"));
    UsageException act =
        assertThrows(UsageException.class, () -> Problems.parse("mnist-mlp:act=softplus"));
    assertTrue(act.getMessage().contains("softplus"), act.getMessage());
    assertThrows(UsageException.class, () -> Problems.parse("mnist-mlp:batch=0"));
    assertThrows(UsageException.class, () -> Problems.parse("mnist-mlp:depth=3"));
  }

  @Test
  void sameSeedSameTaskAndMinibatchesDifferentSeedDifferentTask() {
    Problem p = Problems.parse("mnist-mlp:batch=16");
    Task a = p.sample(5);
    Task b = p.sample(5);
    Task c = p.sample(6);
    float[] theta = a.initialParams();
    float[] ga = new float[theta.length];
    float[] gb = new float[theta.length];
    assertEquals(a.lossAndGradient(theta, 3, ga), b.lossAndGradient(theta, 3, gb));
    org.junit.jupiter.api.Assertions.assertArrayEquals(ga, gb);
    assertNotEquals(a.initialParams()[0], c.initialParams()[0]);
    assertNotEquals(a.lossAndGradient(theta, 3, ga), a.lossAndGradient(theta, 4, ga));
  }

  @Test
  void evaluatorReportsTestAccuracyAndTrainingLoss() {
    Problem p = Problems.parse("mnist-mlp:batch=64");
    LossCurves curves = new Evaluator(2).run(Aliases.sgd(0.5), p, new long[] {1, 2}, 30);
    assertEquals(
        List.of("test_accuracy", "train_loss"), List.copyOf(curves.finalMetrics().keySet()));
    double accuracy = curves.metricSummary("test_accuracy").mean();
    assertTrue(accuracy > 0.5 && accuracy <= 1, "30 SGD steps beat chance by far: " + accuracy);
    double trainLoss = curves.metricSummary("train_loss").mean();
    assertTrue(
        trainLoss > 0 && trainLoss < Math.log(10), "below chance cross-entropy: " + trainLoss);
    LossCurves quiet = new Evaluator(1, false).run(Aliases.sgd(0.5), p, new long[] {1}, 3);
    assertTrue(quiet.finalMetrics().isEmpty());
  }
}
