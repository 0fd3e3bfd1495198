package io.learnopt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.learnopt.outer.OrderedTree;
import io.learnopt.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The ordered tree gives the same bits whether its lower levels run on executors or the driver. */
class TreeSumTest {
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = SparkContexts.create("local[2]", "127.0.0.1");
  }

  @AfterAll
  static void stop() {
    sc.close();
  }

  /** Leaves with values of mixed magnitude, so that the order of addition shows in the bits. */
  private static List<OrderedTree.Partial> leaves(int count) {
    List<OrderedTree.Partial> out = new ArrayList<>();
    for (int g = 0; g < count; g++) {
      float[] grad = new float[33];
      Rng.forKey(3, g).fillGaussian(grad, 0f, (float) Math.pow(10, g % 7 - 3));
      out.add(new OrderedTree.Partial(Math.pow(10, g % 5) / 3, grad));
    }
    return out;
  }

  private static OrderedTree.Partial onSpark(List<OrderedTree.Partial> leaves, long driverBytes) {
    int n = leaves.size();
    JavaPairRDD<Integer, OrderedTree.Partial> rdd =
        sc.parallelize(IntStream.range(0, n).boxed().toList(), Math.min(n, 16))
            .mapToPair(g -> new Tuple2<>(g, leaves.get(g)));
    return SparkBptt.treeSum(rdd, n, 33, driverBytes);
  }

  @Test
  void executorLevelsAndTheDriverGiveTheSingleProcessRoot() {
    for (int n : new int[] {1, 5, 8, 9, 20, 64, 67, 130}) {
      List<OrderedTree.Partial> leaves = leaves(n);
      OrderedTree.Partial expected = OrderedTree.root(leaves);
      for (long driverBytes : new long[] {0, Long.MAX_VALUE}) {
        OrderedTree.Partial got = onSpark(leaves, driverBytes);
        assertArrayEquals(expected.gradient(), got.gradient(), n + " leaves, " + driverBytes);
        assertEquals(expected.loss(), got.loss(), 0.0, n + " leaves");
      }
    }
  }

  @Test
  void theTreeIsNotTheFlatSumAboveTheFanIn() {
    // Proof that the test above can fail: with 130 leaves the tree's order changes the bits.
    List<OrderedTree.Partial> leaves = leaves(130);
    assertNotEquals(
        java.util.Arrays.toString(OrderedTree.sum(leaves).gradient()),
        java.util.Arrays.toString(OrderedTree.root(leaves).gradient()));
    assertArrayEquals(
        OrderedTree.sum(leaves.subList(0, 8)).gradient(),
        OrderedTree.root(leaves.subList(0, 8)).gradient());
  }
}
