package io.learnopt.outer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds the groups' meta-gradients and losses along a fixed tree: each node is the sum, in index
 * order, of up to {@value #FAN_IN} consecutive nodes of the level below. Floating-point addition is
 * not associative, so the tree fixes the result: a distributed estimator that sums some levels on
 * its executors ({@link #sum} of the same children in the same order) and the rest on its driver
 * gets the same bits as one process summing them all. With at most {@value #FAN_IN} groups it is
 * the plain sum in group order.
 */
public final class OrderedTree {
  /** Children per node. */
  public static final int FAN_IN = 8;

  private OrderedTree() {}

  /** A node: the loss sum and the meta-gradient sum of the groups beneath it. */
  public record Partial(double loss, float[] gradient) implements Serializable {}

  /** The sum of {@code children} in their order, into a new node. */
  public static Partial sum(List<Partial> children) {
    float[] grad = children.get(0).gradient().clone();
    double loss = children.get(0).loss();
    for (int c = 1; c < children.size(); c++) {
      float[] partial = children.get(c).gradient();
      for (int i = 0; i < grad.length; i++) {
        grad[i] += partial[i];
      }
      loss += children.get(c).loss();
    }
    return new Partial(loss, grad);
  }

  /** The nodes of the level above {@code level} (one level's nodes in index order). */
  public static List<Partial> up(List<Partial> level) {
    List<Partial> parents = new ArrayList<>();
    for (int from = 0; from < level.size(); from += FAN_IN) {
      parents.add(sum(level.subList(from, Math.min(from + FAN_IN, level.size()))));
    }
    return parents;
  }

  /** The root over one level's nodes in index order. */
  public static Partial root(List<Partial> level) {
    List<Partial> nodes = level;
    do {
      nodes = up(nodes);
    } while (nodes.size() > 1);
    return nodes.get(0);
  }
}
