package io.learnopt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.Preprocessing;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.outer.MetaTrainingConfig;
import io.learnopt.outer.OuterState;
import io.learnopt.outer.Pes;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.outer.TrainingListener;
import io.learnopt.outer.TruncatedBptt;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import io.learnopt.problem.StepWeighting;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Meta-training with the groups as Spark tasks on an embedded {@code local[2]} master must give the
 * single-process trainer's meta-parameters bit for bit, also when an executor loses a group's state
 * in the middle of a round.
 */
class SparkBpttTest {
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = SparkContexts.create("local[2]", "127.0.0.1");
  }

  @AfterAll
  static void stop() {
    sc.close();
  }

  private static final String PROBLEM = "quadratic:dim=5";
  private static final LearnedOptimizer RULE =
      new L2lLstm(new LstmOptimizerConfig(2, 8, Preprocessing.RAW, 10f, 0.1f));

  /** 3 epochs of 4 tasks in 2 groups, unroll 5, horizons drawn from [10, 20]. */
  private static MetaTrainingConfig config() {
    return new MetaTrainingConfig(3, 5, 20, 4, 1e-2, 1, 3, 3, 11, 2, StepWeighting.LINEAR, 10);
  }

  private static OuterState train(ProblemMetaTraining training, Runnable afterSecondStep) {
    try (training) {
      return training.train(
          training.initialState(),
          new TrainingListener() {
            @Override
            public void onStep(int round, int step, double meanLoss, double gradientNorm) {
              if (round == 1 && step == 1) {
                afterSecondStep.run();
              }
            }
          });
    }
  }

  @Test
  void sparkGroupsGiveTheSingleProcessMetaParameters() {
    Problem problem = Problems.parse(PROBLEM);
    OuterState local = train(ProblemMetaTraining.of(problem, RULE, config()), () -> {});
    OuterState spark =
        train(
            ProblemMetaTraining.of(problem, RULE, config(), SparkBptt.factory(sc, PROBLEM, null)),
            () -> {});
    assertArrayEquals(local.meta(), spark.meta());
    assertEquals(local.bestScore(), spark.bestScore());
    assertTrue(Double.isFinite(spark.bestScore()));
  }

  @Test
  void aGroupWhoseStateIsLostCatchesUpByReplaying() {
    Problem problem = Problems.parse(PROBLEM);
    OuterState local = train(ProblemMetaTraining.of(problem, RULE, config()), () -> {});
    ProblemMetaTraining training =
        ProblemMetaTraining.of(problem, RULE, config(), SparkBptt.factory(sc, PROBLEM, null));
    SparkBptt estimator = (SparkBptt) training.estimator();
    OuterState spark =
        train(
            training,
            () -> {
              assertEquals(2, ExecutorState.workers(estimator.runId()));
              ExecutorState.forget(estimator.runId()); // as if Spark moved the groups
            });
    assertArrayEquals(local.meta(), spark.meta());
    assertEquals(0, ExecutorState.workers(estimator.runId()), "close() drops the workers");
  }

  @Test
  void moreGroupsThanTheFanInAreSummedAlongTheSameTree() {
    Problem problem = Problems.parse(PROBLEM);
    // 10 tasks in 10 groups: the executors add groups 0-7 and 8-9, the driver the two sums.
    MetaTrainingConfig wide =
        new MetaTrainingConfig(2, 5, 10, 10, 1e-2, 1, 2, 2, 11, 10, StepWeighting.LINEAR, 10);
    OuterState local = train(ProblemMetaTraining.of(problem, RULE, wide), () -> {});
    OuterState spark =
        train(
            ProblemMetaTraining.of(problem, RULE, wide, SparkBptt.factory(sc, PROBLEM, null)),
            () -> {});
    assertArrayEquals(local.meta(), spark.meta());
  }

  @Test
  void pesGroupsGiveTheSingleProcessEstimateEvenAfterLosingTheirParticles() {
    Problem problem = Problems.parse(PROBLEM);
    ProblemMetaTraining.PesSettings pes = new ProblemMetaTraining.PesSettings(2, 0.01f);
    OuterState local = train(ProblemMetaTraining.of(problem, RULE, config(), pes), () -> {});
    ProblemMetaTraining training =
        ProblemMetaTraining.of(
            problem, RULE, config(), pes, TruncatedBptt::new, SparkPes.factory(sc, PROBLEM, null));
    String runId = ((SparkPes) ((Pes) training.estimator()).groups()).runId();
    OuterState spark =
        train(
            training,
            () -> {
              assertEquals(2, ExecutorState.workers(runId));
              ExecutorState.forget(runId); // as if Spark moved the groups
            });
    assertArrayEquals(local.meta(), spark.meta());
    assertEquals(local.bestScore(), spark.bestScore());
    assertEquals(0, ExecutorState.workers(runId), "close() drops the workers");
  }
}
