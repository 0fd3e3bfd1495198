package io.learnopt.data.omniglot;

import io.learnopt.UsageException;
import io.learnopt.tensor.Rng;
import java.util.Arrays;
import java.util.List;

/**
 * Seeded N-way K-shot episodes with Q queries per class drawn from a set of characters, the
 * protocol of Vinyals et al. (2016) and Finn et al. (2017, MAML): each episode draws {@code ways}
 * distinct classes and, from each, {@code shots + queries} distinct drawings, the first {@code
 * shots} for the support set and the rest for the query set, so support and query never share an
 * image.
 *
 * <p>The class drawn {@code l}-th gets label {@code l}, so which class carries which label is
 * shuffled anew in every episode and a model cannot memorise label ↔ character. Both sets are
 * grouped by label: support image {@code l · shots + s} and query image {@code l · queries + q}
 * have label {@code l}.
 *
 * <p>With {@code rotations}, each character rotated by 0°, 90°, 180° and 270° counts as a separate
 * class (Santoro et al. 2016; Vinyals et al. 2016), four times as many classes; all images of a
 * class share its rotation.
 *
 * <p>Episode {@code index} is a pure function of the seed and the index ({@link Rng#forKey}), so
 * episodes are random access and may be drawn from several threads at once.
 */
public final class EpisodeSampler {
  /** Query images per class in the usual protocol (Snell et al. 2017; MAML's Omniglot runs). */
  public static final int DEFAULT_QUERIES = 15;

  /** Bytes {@code count} sampled episodes hold (their images and labels); −1 if it overflows. */
  public static long bytes(long count, int ways, int shots, int queries) {
    return io.learnopt.MemoryBudget.product(
        count, ways, (long) shots + queries, 4L * Omniglot.PIXELS + 4);
  }

  private static final int TURNS = 4;

  private final List<OmniglotCharacter> characters;
  private final int ways;
  private final int shots;
  private final int queries;
  private final boolean rotations;
  private final long seed;

  /**
   * Episodes of {@code ways} classes from {@code characters}, with {@code shots} support and {@code
   * queries} query images per class, seeded by {@code seed}.
   *
   * @throws UsageException if a count is not positive, {@code ways} exceeds the classes there are,
   *     or {@code shots + queries} exceeds the drawings of the character with fewest; the message
   *     says the maximum
   */
  public EpisodeSampler(
      List<OmniglotCharacter> characters,
      int ways,
      int shots,
      int queries,
      boolean rotations,
      long seed) {
    if (ways < 1 || shots < 1 || queries < 1) {
      throw new UsageException(
          "ways, shots and queries must be at least 1, got "
              + ways
              + ", "
              + shots
              + " and "
              + queries);
    }
    this.characters = List.copyOf(characters);
    this.ways = ways;
    this.shots = shots;
    this.queries = queries;
    this.rotations = rotations;
    this.seed = seed;
    int classes = classes();
    if (ways > classes) {
      throw new UsageException(
          ways
              + "-way episodes need "
              + ways
              + " classes, but there are only "
              + classes
              + " ("
              + characters.size()
              + " characters"
              + (rotations ? " × 4 rotations" : "")
              + "); use at most "
              + classes
              + " ways"
              + (rotations ? "" : ", or turn on rotations for 4 × as many classes"));
    }
    int drawings = Integer.MAX_VALUE;
    for (OmniglotCharacter c : characters) {
      drawings = Math.min(drawings, c.drawings().length);
    }
    if (shots + queries > drawings) {
      throw new UsageException(
          shots
              + " shots + "
              + queries
              + " queries need "
              + (shots + queries)
              + " drawings of each class, but the characters have "
              + drawings
              + "; shots + queries can be at most "
              + drawings);
    }
  }

  /** The number of classes episodes draw from: the characters, times 4 with rotations. */
  public int classes() {
    return characters.size() * (rotations ? TURNS : 1);
  }

  /** Episode number {@code index}; the same seed and index always give the same episode. */
  public Episode episode(long index) {
    Rng rng = Rng.forKey(seed, index);
    int[] classes = firstOfPermutation(classes(), ways, rng);
    float[] support = new float[ways * shots * Omniglot.PIXELS];
    float[] query = new float[ways * queries * Omniglot.PIXELS];
    int[] supportLabels = new int[ways * shots];
    int[] queryLabels = new int[ways * queries];
    for (int label = 0; label < ways; label++) {
      // Class c is character c mod n turned c / n times, so class c < n is the upright character.
      OmniglotCharacter character = characters.get(classes[label] % characters.size());
      int turns = classes[label] / characters.size();
      float[][] drawings = character.drawings();
      int[] picked = firstOfPermutation(drawings.length, shots + queries, rng);
      for (int i = 0; i < shots + queries; i++) {
        float[] drawing = drawings[picked[i]];
        if (i < shots) {
          int row = label * shots + i;
          Rotation.rotate(drawing, Omniglot.SIDE, turns, support, row * Omniglot.PIXELS);
          supportLabels[row] = label;
        } else {
          int row = label * queries + i - shots;
          Rotation.rotate(drawing, Omniglot.SIDE, turns, query, row * Omniglot.PIXELS);
          queryLabels[row] = label;
        }
      }
    }
    return new Episode(ways, shots, queries, support, supportLabels, query, queryLabels);
  }

  /** The first {@code count} entries of a uniformly random permutation of 0..n − 1. */
  private static int[] firstOfPermutation(int n, int count, Rng rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // Fisher–Yates, stopped after the first count positions are final.
    for (int i = 0; i < count; i++) {
      int j = i + rng.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return Arrays.copyOf(order, count);
  }
}
