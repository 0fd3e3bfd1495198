package io.learnopt.problem;

import io.learnopt.UsageException;
import io.learnopt.tensor.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task mixture a general learned optimizer is meta-trained on: each task is a random member of
 * one of these families, seen through a random rescaling of its parameters ({@link RescaledTask}, s
 * log-uniform in [low, high]):
 *
 * <ul>
 *   <li>60%: MNIST MLPs with 1 or 2 hidden layers of 16, 24, 32, 48 or 64 units (never 20, the
 *       paper's width, which the evaluation keeps), sigmoid, tanh or ReLU, batch 32 to 256;
 *   <li>15%: small conv nets on MNIST ({@code cifar-conv:channels=4,kernel=3,fc=16}, batch 32 or
 *       64; the paper's 16-channel net stays out for evaluation);
 *   <li>25%: random 10-dimensional quadratics.
 * </ul>
 *
 * Each task's family, sizes and scale come from its seed, so the same seed is the same task.
 */
public final class GeneralMixtureProblem implements Problem {
  /** Registry name. */
  public static final String NAME = "general-mixture";

  static final int[] WIDTHS = {16, 24, 32, 48, 64};
  static final String[] ACTIVATIONS = {"sigmoid", "tanh", "relu"};
  static final int[] BATCHES = {32, 64, 128, 256};

  private final Path dataDir;
  private final double lowScale;
  private final double highScale;
  private final ConcurrentHashMap<String, Problem> members = new ConcurrentHashMap<>();

  /**
   * The mixture over MNIST from {@code dataDir} (null: the shipped copy), rescaled by s in
   * [lowScale, highScale] (both 1: no rescaling).
   */
  public GeneralMixtureProblem(Path dataDir, double lowScale, double highScale) {
    if (!(lowScale > 0) || !(highScale >= lowScale) || Double.isInfinite(highScale)) {
      throw new UsageException(
          NAME + ": rescale=LOW-HIGH needs 0 < LOW <= HIGH, got " + lowScale + "-" + highScale);
    }
    this.dataDir = dataDir;
    this.lowScale = lowScale;
    this.highScale = highScale;
  }

  /** The member problem spec and the scale of the task with {@code seed}. */
  record Draw(String spec, float scale, long taskSeed) {}

  /** What the task with {@code seed} is. */
  Draw draw(long seed) {
    Rng rng = Rng.forKey(seed, 0x6d6978L);
    double family = rng.nextDouble();
    String spec;
    if (family < 0.60) {
      int layers = 1 + rng.nextInt(2);
      List<String> widths = new ArrayList<>();
      for (int l = 0; l < layers; l++) {
        widths.add(Integer.toString(WIDTHS[rng.nextInt(WIDTHS.length)]));
      }
      spec =
          String.format(
              Locale.ROOT,
              "mnist-mlp:hidden=%s,act=%s,batch=%d",
              String.join(",", widths),
              ACTIVATIONS[rng.nextInt(ACTIVATIONS.length)],
              BATCHES[rng.nextInt(BATCHES.length)]);
    } else if (family < 0.75) {
      spec = "cifar-conv:channels=4,kernel=3,fc=16,batch=" + BATCHES[rng.nextInt(2)];
    } else {
      spec = "quadratic";
    }
    double u = rng.nextDouble();
    float scale = (float) (lowScale * Math.pow(highScale / lowScale, u));
    return new Draw(spec, scale, rng.nextLong());
  }

  private Problem member(String spec) {
    return members.computeIfAbsent(spec, s -> Problems.parse(s, dataDir));
  }

  @Override
  public Task sample(long seed) {
    Draw d = draw(seed);
    Task task = member(d.spec()).sample(d.taskSeed());
    return d.scale() == 1f ? task : new RescaledTask(task, d.scale());
  }

  @Override
  public String name() {
    return NAME
        + (lowScale == 1 && highScale == 1
            ? ":rescale=1"
            : String.format(Locale.ROOT, ":rescale=%s-%s", number(lowScale), number(highScale)));
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** The largest member: an MLP with two hidden layers of 64. */
  @Override
  public long taskCoordinates() {
    return member("mnist-mlp:hidden=64,64,batch=256").taskCoordinates();
  }

  @Override
  public long taskBytes() {
    return member("mnist-mlp:hidden=64,64,batch=256").taskBytes();
  }

  @Override
  public List<String> parameterGroups() {
    return List.of(io.learnopt.tensor.ParameterGroups.ALL);
  }

  /** As MNIST's: one task per epoch would see one family, so 4. */
  @Override
  public Recipe recipe() {
    Recipe mnist = Recipe.mnist();
    return new Recipe(
        mnist.epochs(),
        4,
        mnist.metaLearningRate(),
        mnist.evalEvery(),
        mnist.evalTasks(),
        mnist.weighting(),
        mnist.architecture());
  }
}
