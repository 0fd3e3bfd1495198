package io.learnopt.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark contexts as learnopt uses them: no web UI, bound to the given host. */
public final class SparkContexts {
  private SparkContexts() {}

  /**
   * A context on {@code master} ({@code local[N]}, {@code local[*]} or {@code spark://HOST:PORT})
   * whose driver binds to {@code host} (127.0.0.1 for a machine-local run).
   */
  public static JavaSparkContext create(String master, String host) {
    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName("learnopt")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", host)
            .set("spark.driver.bindAddress", host);
    return new JavaSparkContext(conf);
  }
}
