package io.learnopt.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import io.learnopt.optim.GroupedOptimizer;
import io.learnopt.tensor.ParameterGroups;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Any learnopt {@link io.learnopt.optim.Optimizer} (a learned one bound to its trained φ, or a
 * hand-designed one) as a DJL {@link Optimizer}, for DJL's {@code Trainer}: it keeps one learnopt
 * state per parameter (its id and device), and on each update copies the weight and gradient into
 * Java arrays, asks the rule for the update u and writes θ + u back into the weight.
 *
 * <p>The gradient is prepared as DJL's own optimizers prepare it (MXNet's convention): g ←
 * clip(rescaleGrad·g, ±clipGrad) + weightDecay·θ. Each DJL parameter is one tensor, so rules with
 * per-tensor features (mlp-lopt) see one tensor per state, and a model with one rule per parameter
 * group (the paper's conv and fc LSTMs) puts each parameter in the group {@code groupOf} names
 * ({@link LearnoptDjl#builder} explains the default). Rules that read the loss (the few-shot
 * meta-learner) do not fit: DJL's update carries no loss.
 *
 * <p>The weight and gradient are read and written through the engine's direct views of their memory
 * ({@code toByteBuffer(true)}) where those write through (checked on each parameter's first
 * update), else through copies.
 *
 * <p>Thread safety: DJL updates the parameters of one step one after another; distinct parameters
 * may also be updated concurrently (their states are separate).
 */
public final class LearnoptOptimizer extends Optimizer {
  private final io.learnopt.optim.Optimizer rule;
  private final BiFunction<String, Shape, String> groupOf;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  /**
   * One parameter's learnopt state and buffers. {@code live} says whether the engine's {@code
   * toByteBuffer(true)} views write through to the arrays (checked on the first update): then the
   * weight and gradient are read and written in place, without allocating; else through copies.
   */
  private static final class Slot {
    final io.learnopt.optim.Optimizer.State state;
    final float[] theta;
    final float[] grad;
    final float[] update;
    final float[] zeros;
    Boolean live;

    Slot(io.learnopt.optim.Optimizer.State state, int size) {
      this.state = state;
      this.theta = new float[size];
      this.grad = new float[size];
      this.update = new float[size];
      this.zeros = new float[size];
    }
  }

  LearnoptOptimizer(LearnoptDjl.Builder builder) {
    super(builder);
    this.rule = builder.rule();
    this.groupOf = builder.groupOf();
  }

  /** The learnopt rule this optimizer runs. */
  public io.learnopt.optim.Optimizer rule() {
    return rule;
  }

  /** Parameters (id and device) with a state so far. */
  public int parameters() {
    return slots.size();
  }

  /**
   * θ ← θ + u for the gradient of parameter {@code parameterId}, and the gradient zeroed, as DJL's
   * own optimizers leave it (DJL accumulates gradients until an optimizer clears them).
   *
   * @throws IllegalArgumentException if the parameter is not float32 or the gradient is not finite
   *     (naming the parameter; the weight is left as it was)
   */
  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    if (weight.getDataType() != DataType.FLOAT32 || grad.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          "learnopt optimizers update float32 parameters; parameter '"
              + parameterId
              + "' is "
              + weight.getDataType()
              + " with a "
              + grad.getDataType()
              + " gradient");
    }
    long size = weight.size();
    if (size != grad.size() || size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "parameter '"
              + parameterId
              + "' has "
              + size
              + " values but a gradient of "
              + grad.size());
    }
    String key = parameterId + "@" + weight.getDevice();
    Slot slot =
        slots.computeIfAbsent(
            key,
            k ->
                new Slot(
                    rule.init(groups(parameterId, weight.getShape(), (int) size)), (int) size));
    if (slot.update.length != size) {
      throw new IllegalStateException(
          "parameter '"
              + parameterId
              + "' changed size from "
              + slot.update.length
              + " to "
              + size
              + " values; use a new optimizer for a new model");
    }
    float[] theta = slot.theta;
    float[] g = slot.grad;
    FloatBuffer weightView = view(weight);
    weightView.get(0, theta);
    view(grad).get(0, g);
    float decay = getWeightDecay();
    for (int i = 0; i < g.length; i++) {
      float v = rescaleGrad * g[i];
      if (clipGrad > 0) {
        v = Math.clamp(v, -clipGrad, clipGrad);
      }
      g[i] = v + decay * theta[i];
      if (!Float.isFinite(g[i])) {
        throw new IllegalArgumentException(
            "the gradient of parameter '"
                + parameterId
                + "' is "
                + g[i]
                + " at index "
                + i
                + "; the loss or the model diverged (lower the learning rate, or clip the"
                + " gradient with optClipGrad)");
      }
    }
    rule.update(g, theta, slot.state, slot.update);
    float[] u = slot.update;
    for (int i = 0; i < theta.length; i++) {
      theta[i] += u[i];
    }
    // DJL's engines clear the weight's own gradient in their optimizers' updates (the one passed
    // in may be a copy: DJL sums the devices' gradients into one), and accumulate otherwise.
    NDArray accumulated = weight.hasGradient() ? weight.getGradient() : null;
    if (!Boolean.FALSE.equals(slot.live)) {
      weightView.put(0, theta);
      if (accumulated != null) {
        view(accumulated).put(0, slot.zeros);
      }
    }
    if (slot.live == null) {
      // First update: do the views write through? Compare with fresh copies.
      slot.live =
          Arrays.equals(weight.toFloatArray(), theta)
              && (accumulated == null || Arrays.equals(accumulated.toFloatArray(), slot.zeros));
    }
    if (!slot.live) {
      weight.set(theta);
      if (accumulated != null) {
        accumulated.muli(0f);
      }
    }
  }

  /** The array's values as floats: a view of its memory where the engine allows it. */
  private static FloatBuffer view(NDArray array) {
    return array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  private ParameterGroups groups(String parameterId, Shape shape, int size) {
    String group = Objects.requireNonNull(groupOf.apply(parameterId, shape), "group");
    return ParameterGroups.builder().add(group, size).build();
  }

  /**
   * The default group of a parameter: for a rule with one learned rule per group named {@code conv}
   * and {@code fc}, convolution kernels (rank 4) in {@code conv} and every other tensor in {@code
   * fc}, as learnopt's conv nets assign them; for any other rule, its single group.
   */
  static BiFunction<String, Shape, String> defaultGroups(io.learnopt.optim.Optimizer rule) {
    if (rule instanceof GroupedOptimizer grouped && grouped.rules().size() > 1) {
      if (!grouped.groups().containsAll(java.util.List.of(ParameterGroups.CONV, ParameterGroups.FC))
          || grouped.groups().size() != 2) {
        return (id, shape) -> {
          throw new IllegalArgumentException(
              "the optimizer has one rule per parameter group "
                  + grouped.groups()
                  + "; say which group parameter '"
                  + id
                  + "' belongs to with LearnoptDjl.builder(...).optGroupOf(...)");
        };
      }
      return (id, shape) -> shape.dimension() == 4 ? ParameterGroups.CONV : ParameterGroups.FC;
    }
    return (id, shape) ->
        rule instanceof GroupedOptimizer grouped ? grouped.groups().get(0) : ParameterGroups.ALL;
  }
}
