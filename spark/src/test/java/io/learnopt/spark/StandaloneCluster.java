package io.learnopt.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A Spark standalone master and one worker on 127.0.0.1, started as child JVMs from the test's own
 * class path (no Spark distribution): a {@code SPARK_HOME} under {@code target/} with a {@code
 * RELEASE} file and {@code jars/} holding links to every jar on the class path, and learnopt's
 * compiled classes packed into jars there, so executors load the same code.
 */
final class StandaloneCluster implements AutoCloseable {
  /** JVM flags for the master, the worker and the executors: see the parent pom's comment. */
  static final List<String> FLAGS =
      List.of(
          "--add-modules=jdk.incubator.vector",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--enable-native-access=ALL-UNNAMED",
          "--sun-misc-unsafe-memory-access=allow");

  final String master;
  private final List<Process> processes = new ArrayList<>();

  private StandaloneCluster(String master) {
    this.master = master;
  }

  /** Starts a master and a worker of {@code cores} cores under {@code dir}; waits until ready. */
  static StandaloneCluster start(Path dir, int cores) throws IOException, InterruptedException {
    Path home = dir.resolve("spark-home");
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    Files.writeString(home.resolve("RELEASE"), "Spark from Maven jars, for learnopt's tests\n");
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      Path link = jars.resolve(String.format("%03d-%s", n++, p.getFileName()));
      if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(link);
      }
      if (Files.isDirectory(p)) {
        jar(p, jars.resolve(String.format("%03d-classes.jar", n - 1)));
      } else if (p.toString().endsWith(".jar")) {
        Files.createSymbolicLink(link, p);
      }
    }
    String java = ProcessHandle.current().info().command().orElseThrow();
    StandaloneCluster cluster = new StandaloneCluster("spark://127.0.0.1:" + freePort());
    try {
      int port = Integer.parseInt(cluster.master.substring(cluster.master.lastIndexOf(':') + 1));
      cluster.launch(
          java,
          home,
          dir.resolve("master.log"),
          "org.apache.spark.deploy.master.Master",
          "--host",
          "127.0.0.1",
          "--port",
          Integer.toString(port),
          "--webui-port",
          Integer.toString(freePort()));
      cluster.await(dir.resolve("master.log"), "I have been elected leader");
      cluster.launch(
          java,
          home,
          dir.resolve("worker.log"),
          "org.apache.spark.deploy.worker.Worker",
          cluster.master,
          "--host",
          "127.0.0.1",
          "--cores",
          Integer.toString(cores),
          "--memory",
          "2g",
          "--webui-port",
          Integer.toString(freePort()),
          "--work-dir",
          dir.resolve("work").toString());
      cluster.await(dir.resolve("worker.log"), "Successfully registered with master");
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close(); // no daemon outlives a failed start
      throw e;
    }
    return cluster;
  }

  private void launch(String java, Path home, Path log, String main, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(FLAGS);
    // Spark's own INFO logging (learnopt's log4j2.properties keeps only warnings): the daemons
    // say they are ready at INFO.
    command.add("-Dlog4j2.configurationFile=org/apache/spark/log4j2-defaults.properties");
    command.addAll(List.of("-cp", home.resolve("jars") + "/*", main));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("JAVA_HOME", Path.of(java).getParent().getParent().toString());
    processes.add(pb.start());
  }

  private void await(Path log, String line) throws IOException, InterruptedException {
    Instant end = Instant.now().plus(Duration.ofSeconds(180));
    while (Instant.now().isBefore(end)) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a Spark daemon exited; see " + log);
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no '" + line + "' in " + log + " after 180 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Packs the class files under {@code dir} into {@code jar}. */
  private static void jar(Path dir, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out);
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        j.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, j);
        j.closeEntry();
      }
    }
  }

  @Override
  public void close() {
    for (Process p : processes.reversed()) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      p.destroyForcibly();
    }
  }
}
