package io.learnopt.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark contexts as learnopt uses them: no web UI, bound to the given host. */
public final class SparkContexts {
  private SparkContexts() {}

  /** JVM flags executors need: the Vector API, and what Spark needs of JDK 25. */
  static final String EXECUTOR_FLAGS =
      "--add-modules=jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
          + " --add-opens=java.base/java.util=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
          + " --sun-misc-unsafe-memory-access=allow";

  /**
   * A context on {@code master} ({@code local[N]}, {@code local[*]} or {@code spark://HOST:PORT})
   * whose driver binds to {@code host} (127.0.0.1 for a machine-local run). On a cluster, the
   * executors get learnopt's jars from the driver, the JVM flags above, and this JVM's {@code
   * learnopt.home} (where they read the shipped data: the same path on every machine).
   */
  public static JavaSparkContext create(String master, String host) {
    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName("learnopt")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", host)
            .set("spark.driver.bindAddress", host);
    if (!master.startsWith("local")) {
      String home = System.getProperty("learnopt.home");
      conf.set(
          "spark.executor.extraJavaOptions",
          EXECUTOR_FLAGS + (home == null ? "" : " -Dlearnopt.home=" + home));
      conf.setJars(
          java.util.stream.Stream.of(SparkBptt.class, io.learnopt.outer.TruncationWorker.class)
              .map(c -> c.getProtectionDomain().getCodeSource().getLocation().getPath())
              .filter(p -> p.endsWith(".jar"))
              .distinct()
              .toArray(String[]::new));
    }
    return new JavaSparkContext(conf);
  }
}
