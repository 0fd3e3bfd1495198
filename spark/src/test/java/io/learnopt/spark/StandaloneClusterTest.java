package io.learnopt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.learned.Preprocessing;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.lopt.LearnedOptimizer;
import io.learnopt.outer.MetaTrainingConfig;
import io.learnopt.outer.OuterState;
import io.learnopt.outer.ProblemMetaTraining;
import io.learnopt.outer.TrainingListener;
import io.learnopt.problem.Problem;
import io.learnopt.problem.Problems;
import io.learnopt.problem.StepWeighting;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * A standalone Spark master and worker on 127.0.0.1 (child JVMs, {@link StandaloneCluster}):
 * meta-training a few outer steps there gives the meta-parameters of {@code local[2]} and of the
 * single-process trainer, bit for bit.
 */
class StandaloneClusterTest {
  private static final String PROBLEM = "quadratic:dim=5";
  private static final LearnedOptimizer RULE =
      new L2lLstm(new LstmOptimizerConfig(2, 8, Preprocessing.RAW, 10f, 0.1f));

  private static MetaTrainingConfig config() {
    return new MetaTrainingConfig(2, 5, 20, 4, 1e-2, 1, 2, 3, 11, 2, StepWeighting.LINEAR, 10);
  }

  private static float[] train(ProblemMetaTraining.BpttFactory bptt) {
    Problem problem = Problems.parse(PROBLEM);
    ProblemMetaTraining training =
        bptt == null
            ? ProblemMetaTraining.of(problem, RULE, config())
            : ProblemMetaTraining.of(problem, RULE, config(), bptt);
    try (training) {
      OuterState state = training.train(training.initialState(), new TrainingListener() {});
      return state.meta();
    }
  }

  @Test
  void aClusterGivesTheLocalAndSingleProcessMetaParameters() throws Exception {
    float[] single = train(null);
    float[] local;
    try (JavaSparkContext sc = SparkContexts.create("local[2]", "127.0.0.1")) {
      local = train(SparkBptt.factory(sc, PROBLEM, null));
    }
    Path dir = Path.of("target", "standalone").toAbsolutePath();
    float[] cluster;
    try (StandaloneCluster spark = StandaloneCluster.start(dir, 2)) {
      SparkConf conf =
          new SparkConf()
              .setMaster(spark.master)
              .setAppName("learnopt-test")
              .set("spark.ui.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1")
              .set("spark.cores.max", "2")
              .set(
                  "spark.executor.extraJavaOptions",
                  String.join(" ", StandaloneCluster.FLAGS)
                      + " -Dlearnopt.home="
                      + System.getProperty(
                          "learnopt.home", Path.of("..").toAbsolutePath().toString()));
      try (JavaSparkContext sc = new JavaSparkContext(conf)) {
        assertEquals("spark://", sc.master().substring(0, 8));
        cluster = train(SparkBptt.factory(sc, PROBLEM, null));
      }
    }
    assertArrayEquals(single, local);
    assertArrayEquals(single, cluster);
  }
}
