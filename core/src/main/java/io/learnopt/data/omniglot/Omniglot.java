package io.learnopt.data.omniglot;

import io.learnopt.FileBytes;
import io.learnopt.LearnoptException;
import io.learnopt.data.DatasetCache;
import io.learnopt.data.Sha256Sums;
import io.learnopt.data.ShippedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Omniglot (Lake, Salakhutdinov and Tenenbaum 2015, <i>Science</i> 350(6266):1332–1338; MIT
 * licence) for few-shot learning: the characters of the two small background splits, split into
 * meta-training and validation, and Lake's 20 official 20-way one-shot runs as the held-out test.
 *
 * <p>{@link #shipped()} reads the repository's {@code data/omniglot/} after checking each zip's
 * SHA-256 against its {@code SHA256SUMS}; {@link #load(Path)} reads the same three files ({@link
 * #FILES}) from any directory without checksums. Drawings become 28 × 28 floats with ink 1 and
 * background 0, by exact area averaging of the 105 × 105 binary images: each output pixel is the
 * fraction of its 3.75 × 3.75-pixel square that is ink, so a multiple of 1/225 in [0, 1], and the
 * mean ink of a drawing is kept exactly.
 *
 * <p>The two background zips share Greek and Latin byte for byte, so a character in both is kept
 * once (and the copies must agree): 8 alphabets, 242 characters of 20 drawings. The split is by
 * alphabet, as Omniglot's own background/evaluation split is, because the official runs test on
 * alphabets never seen in training and validation should measure the same transfer; characters of
 * one alphabet resemble each other, so a split by character would flatter a model. The validation
 * alphabets ({@link #VALIDATION_ALPHABETS}) are the two smallest, 39 characters, which leaves 203
 * (84%) for training and is still enough for 20-way episodes without rotations.
 *
 * <p>Reading decodes about 6,000 PNGs; the result, about 17 MB of floats, is cached per directory
 * for the life of the JVM (see {@link DatasetCache}).
 */
public final class Omniglot {
  /** Side of a downsampled image in pixels. */
  public static final int SIDE = AreaAverage.TARGET;

  /** Floats per image, {@code SIDE × SIDE}. */
  public static final int PIXELS = SIDE * SIDE;

  /** Drawings of every Omniglot character, each by a different person. */
  public static final int DRAWINGS = 20;

  /** The two background zips, then the official runs, as in Lake's repository. */
  public static final List<String> FILES =
      List.of("images_background_small1.zip", "images_background_small2.zip", "all_runs.zip");

  /** The alphabets held out of meta-training for validation. */
  public static final List<String> VALIDATION_ALPHABETS = List.of("Early_Aramaic", "Tagalog");

  /**
   * The alphabet held out of meta-training and validation for N-way K-shot test episodes (the
   * official runs test on the evaluation alphabets, which the background zips do not hold).
   */
  public static final List<String> TEST_ALPHABETS = List.of("Korean");

  /** Where the repository keeps Omniglot, relative to its root. */
  static final Path SHIPPED = Path.of("data", "omniglot");

  private static final String SOURCE = "github.com/brendenlake/omniglot (folder python/)";

  private static final DatasetCache<Omniglot> CACHE = new DatasetCache<>(SHIPPED, Omniglot::read);

  private final Path directory;
  private final List<OmniglotCharacter> train;
  private final List<OmniglotCharacter> validation;
  private final List<OmniglotCharacter> test;
  private final List<Episode> officialRuns;

  private Omniglot(
      Path directory,
      List<OmniglotCharacter> train,
      List<OmniglotCharacter> validation,
      List<OmniglotCharacter> test,
      List<Episode> officialRuns) {
    this.directory = directory;
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.officialRuns = officialRuns;
  }

  /**
   * The three files of {@link #FILES} in {@code directory}, without checksums.
   *
   * @throws LearnoptException naming the directory or file, the problem and the fix, if a file is
   *     missing or damaged, or the validation alphabets are not among the background characters
   */
  public static Omniglot load(Path directory) {
    String fix = "an Omniglot directory needs " + String.join(", ", FILES) + " from " + SOURCE;
    return CACHE.load(directory, fix, fix + "; copy them there again");
  }

  /**
   * The repository's copy, {@code data/omniglot/} of the repository that {@link ShippedData} finds,
   * with every file's SHA-256 verified before it is read.
   *
   * @throws LearnoptException if the data cannot be found, a file is missing, or a checksum differs
   */
  public static Omniglot shipped() {
    Path dir =
        ShippedData.directory(
            SHIPPED,
            "Omniglot",
            "; run learnopt with the ./learnopt launcher of its repository, or load a directory"
                + " with "
                + String.join(", ", FILES));
    return shipped(dir.getParent().getParent());
  }

  /**
   * The copy in {@code repoRoot/data/omniglot/}, with every file's SHA-256 checked against {@code
   * data/omniglot/SHA256SUMS} before it is read.
   *
   * @throws LearnoptException naming the file and saying how to restore it with git if it is
   *     missing, not listed in {@code SHA256SUMS} or its digest differs
   */
  public static Omniglot shipped(Path repoRoot) {
    return CACHE.shipped(repoRoot);
  }

  /** The directory the data was read from (its real path). */
  public Path directory() {
    return directory;
  }

  /** The meta-training characters: all but the validation and test alphabets, by name. */
  public List<OmniglotCharacter> train() {
    return train;
  }

  /** The validation characters, those of {@link #VALIDATION_ALPHABETS}, by alphabet and name. */
  public List<OmniglotCharacter> validation() {
    return validation;
  }

  /**
   * The test characters, those of {@link #TEST_ALPHABETS} (none in a directory without them), by
   * alphabet and name.
   */
  public List<OmniglotCharacter> test() {
    return test;
  }

  /**
   * Lake's official one-shot runs, {@code run01} … {@code run20}: 20-way 1-shot episodes with one
   * query per class, from alphabets not in the background set. Support image {@code k} is {@code
   * training/classKK.png} in file-name order, with label {@code k}; the queries are {@code
   * test/item01.png} … in order, labelled as {@code class_labels.txt} says.
   */
  public List<Episode> officialRuns() {
    return officialRuns;
  }

  /** Reads all three files; {@code sums} is null when checksums are not verified. */
  private static Omniglot read(Path dir, Sha256Sums sums, String fix) {
    List<Path> files = new ArrayList<>();
    for (String name : FILES) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new LearnoptException(file + ": no such file; " + fix);
      }
      if (sums != null) {
        sums.verify(file, FileBytes.read(file));
      }
      files.add(file);
    }
    Collection<OmniglotCharacter> characters = background(files.get(0), files.get(1), fix);
    List<OmniglotCharacter> train = new ArrayList<>();
    List<OmniglotCharacter> validation = new ArrayList<>();
    List<OmniglotCharacter> test = new ArrayList<>();
    for (OmniglotCharacter c : characters) {
      if (VALIDATION_ALPHABETS.contains(c.alphabet())) {
        validation.add(c);
      } else if (TEST_ALPHABETS.contains(c.alphabet())) {
        test.add(c);
      } else {
        train.add(c);
      }
    }
    for (String alphabet : VALIDATION_ALPHABETS) {
      if (validation.stream().noneMatch(c -> c.alphabet().equals(alphabet))) {
        throw new LearnoptException(
            dir
                + ": no alphabet "
                + alphabet
                + " in "
                + FILES.get(0)
                + " or "
                + FILES.get(1)
                + ", but the validation split is "
                + String.join(" and ", VALIDATION_ALPHABETS)
                + "; "
                + fix);
      }
    }
    List<Episode> runs = OfficialRuns.read(files.get(2), fix);
    return new Omniglot(
        dir, List.copyOf(train), List.copyOf(validation), List.copyOf(test), List.copyOf(runs));
  }

  /** The characters of both background zips by alphabet and name, shared ones once. */
  private static Collection<OmniglotCharacter> background(Path first, Path second, String fix) {
    Map<String, OmniglotCharacter> characters = new TreeMap<>();
    for (OmniglotCharacter c : BackgroundZip.read(first, fix)) {
      characters.put(c.toString(), c);
    }
    for (OmniglotCharacter c : BackgroundZip.read(second, fix)) {
      OmniglotCharacter earlier = characters.putIfAbsent(c.toString(), c);
      if (earlier != null && !Arrays.deepEquals(earlier.drawings(), c.drawings())) {
        throw new LearnoptException(
            second
                + ": "
                + c
                + " differs from "
                + c
                + " in "
                + first
                + "; the background zips must agree on the alphabets they share — "
                + fix);
      }
    }
    return characters.values();
  }
}
