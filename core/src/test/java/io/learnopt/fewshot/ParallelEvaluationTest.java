package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.learnopt.concurrent.WorkerPool;
import io.learnopt.data.omniglot.Episode;
import io.learnopt.nn.Activation;
import io.learnopt.nn.Classifier;
import io.learnopt.nn.Mlp;
import io.learnopt.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Evaluation and tuning on several threads give exactly the one-thread results. */
class ParallelEvaluationTest {
  private static final Classifier MLP = new Mlp(784, List.of(8), 5, Activation.TANH);

  private static List<Episode> episodes(int count, float noise) {
    List<Episode> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(Episodes.noisyPrototypes(5, 1, 3, noise, 100 + i));
    }
    return list;
  }

  @Test
  void accuracyOfEveryMethodIsIdenticalOnOneAndThreeThreads() {
    List<Episode> test = episodes(13, 0.8f);
    List<FewShotMethod> methods =
        List.of(
            EpisodicMetaLearner.create("metalstm", MLP, new MetaLstmInner(), 4, new Rng(2)),
            FineTune.of("adam", MLP, 1e-2, 10, 9),
            new NearestNeighbour());
    for (FewShotMethod method : methods) {
      AccuracySummary one = AccuracySummary.evaluate(method, test, 1, i -> {});
      AtomicInteger heard = new AtomicInteger();
      AccuracySummary three =
          AccuracySummary.evaluate(method, test, 3, i -> heard.incrementAndGet());
      assertEquals(one, three, method.name());
      assertEquals(test.size(), heard.get(), "progress hears every episode once");
    }
  }

  @Test
  void eachThreadGetsItsOwnCopyOfAStatefulMethod() {
    EpisodicMetaLearner model =
        EpisodicMetaLearner.create("maml-fo", MLP, new SgdInner(0.5f), 2, new Rng(1));
    EpisodicMetaLearner copy = model.copy();
    assertNotSame(model, copy);
    assertSame(model.meta(), copy.meta(), "copies share the meta-parameters");
    // The first two episodes wait for each other, so both workers must be running; no method
    // object may be used by two threads.
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    ConcurrentHashMap<FewShotMethod, Set<Thread>> users = new ConcurrentHashMap<>();
    WorkerPool.forEach(
        40,
        2,
        AccuracySummary.copies(model),
        (m, i) -> {
          users.computeIfAbsent(m, k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread());
          if (i < 2) {
            try {
              bothRunning.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException("the second worker never started", e);
            }
          }
        });
    assertEquals(2, users.size(), "two workers, two method objects");
    users.values().forEach(threads -> assertEquals(1, threads.size()));
    assertSame(FineTune.of("sgd", MLP, 0.1, 5, 1).copy().getClass(), FineTune.class);
  }

  @Test
  void tuningChoosesTheSameRateAndStepsOnAnyThreadCount() {
    List<Episode> validation = episodes(5, 0.3f);
    FineTune one = FineTuneTuning.tune("sgd", MLP, validation, 1, 1);
    FineTune two = FineTuneTuning.tune("sgd", MLP, validation, 1, 2);
    assertEquals(one.steps(), two.steps());
    assertArrayEquals(
        new double[] {one.accuracy(validation.get(0))},
        new double[] {two.accuracy(validation.get(0))});
    assertEquals(
        io.learnopt.optim.Optimizers.spec(one.optimizer()),
        io.learnopt.optim.Optimizers.spec(two.optimizer()));
  }

  @Test
  void aFailureOnAWorkerThreadReachesTheCaller() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                WorkerPool.forEach(
                    10,
                    2,
                    AccuracySummary.copies(new NearestNeighbour()),
                    (m, i) -> {
                      if (i == 7) {
                        throw new IllegalStateException("episode 7 failed");
                      }
                    }));
    assertEquals("episode 7 failed", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> WorkerPool.forEach(3, 0, w -> w, (m, i) -> {}));
  }
}
