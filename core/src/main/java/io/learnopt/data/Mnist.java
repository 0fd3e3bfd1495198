package io.learnopt.data;

import io.learnopt.FileBytes;
import io.learnopt.LearnoptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MNIST handwritten digits (LeCun, Cortes and Burges; CC BY-SA 3.0): 60,000 training and 10,000
 * test images of 28 × 28 pixels, each labelled 0..9.
 *
 * <p>{@link #shipped()} loads the copy in the repository's {@code data/mnist/} after checking each
 * file's SHA-256 against {@code data/mnist/SHA256SUMS}; {@link #load(Path)} loads the four standard
 * files from any directory (gzipped or not) without checksums, so any dataset in MNIST's format and
 * shape, such as Fashion-MNIST, loads too. Images become float32 pixel/255 in [0, 1], row-major
 * {@code [N × 784]} in one array; see {@link Split}.
 *
 * <p>A loaded dataset (about 220 MB of floats) is cached per directory for the life of the JVM (see
 * {@link DatasetCache}), so every task and every repeated load shares one copy.
 */
public final class Mnist implements ImageDataset {
  /** Image height in pixels. */
  public static final int ROWS = 28;

  /** Image width in pixels. */
  public static final int COLUMNS = 28;

  /** Pixels per image, the length of one row of {@link Split#images()}. */
  public static final int PIXELS = ROWS * COLUMNS;

  /** Number of classes, the digits 0..9. */
  public static final int CLASSES = 10;

  /** The four files by their standard names: train images, train labels, test images, labels. */
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  /** Where the repository keeps MNIST, relative to its root. */
  static final Path SHIPPED = Path.of("data", "mnist");

  private static final String GZ = ".gz";

  /** pixel/255 for every byte value: exact division, done once. */
  private static final float[] SCALE = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      SCALE[v] = v / 255f;
    }
  }

  private static final DatasetCache<Mnist> CACHE = new DatasetCache<>(SHIPPED, Mnist::read);

  private final Path directory;
  private final Split train;
  private final Split test;

  private Mnist(Path directory, Split train, Split test) {
    this.directory = directory;
    this.train = train;
    this.test = test;
  }

  /**
   * The four MNIST files ({@link #FILES}, each also accepted without {@code .gz}) in {@code
   * directory}, without checksums. Image and label counts need not be 60,000 and 10,000, but each
   * split's files must agree, images must be 28 × 28 and labels in 0..9.
   *
   * @throws LearnoptException naming the directory and the missing files if any is missing, or
   *     naming the file and the problem if one is corrupt or the files disagree
   */
  public static Mnist load(Path directory) {
    return CACHE.load(
        directory,
        "pass a directory that holds " + requiredFiles(),
        "copy them there or pass another directory");
  }

  /**
   * The repository's copy, {@code data/mnist/} of {@link #defaultDirectory()}'s repository, with
   * every file's SHA-256 verified before it is parsed.
   *
   * @throws LearnoptException if the data cannot be found, a file is missing, or a checksum differs
   */
  public static Mnist shipped() {
    Path dir = defaultDirectory();
    return shipped(dir.getParent().getParent());
  }

  /**
   * The copy in {@code repoRoot/data/mnist/}, with every file's SHA-256 checked against {@code
   * data/mnist/SHA256SUMS} before it is parsed.
   *
   * @throws LearnoptException naming the file, the expected and the actual digest on a mismatch,
   *     and saying how to restore it with git
   */
  public static Mnist shipped(Path repoRoot) {
    return CACHE.shipped(repoRoot);
  }

  /**
   * The directory of the shipped MNIST files, {@code data/mnist/} of the repository that {@link
   * ShippedData} finds.
   *
   * @throws LearnoptException if there is no such directory, saying where it looked
   */
  public static Path defaultDirectory() {
    return defaultDirectory(System.getProperty(ShippedData.HOME_PROPERTY), Path.of(""));
  }

  static Path defaultDirectory(String home, Path workingDirectory) {
    String alternative =
        "; run learnopt with the ./learnopt launcher of its repository, or give a directory"
            + " with the four MNIST files ("
            + requiredFiles()
            + ") with --data DIR";
    return ShippedData.directory(SHIPPED, "MNIST", alternative, home, workingDirectory);
  }

  /** The directory the data was read from (its real path). */
  @Override
  public Path directory() {
    return directory;
  }

  /** The training split: 60,000 examples in the original data. */
  @Override
  public Split train() {
    return train;
  }

  /** The test split: 10,000 examples in the original data. */
  @Override
  public Split test() {
    return test;
  }

  @Override
  public int channels() {
    return 1;
  }

  @Override
  public int side() {
    return ROWS;
  }

  @Override
  public int classes() {
    return CLASSES;
  }

  /**
   * Reads and checks both splits; {@code sums} is null when checksums are not verified, {@code fix}
   * ends the message for missing files.
   */
  private static Mnist read(Path dir, Sha256Sums sums, String fix) {
    List<Path> files = locate(dir, sums != null, fix);
    IdxArray[] arrays = new IdxArray[files.size()];
    for (int i = 0; i < arrays.length; i++) {
      Path file = files.get(i);
      int dimensions = i % 2 == 0 ? 3 : 1; // images [N, 28, 28], labels [N]
      if (sums == null) {
        arrays[i] = IdxReader.read(file, dimensions);
      } else {
        byte[] contents = FileBytes.read(file);
        sums.verify(file, contents);
        arrays[i] = IdxReader.parse(file, contents, dimensions);
      }
    }
    Split train = split(files.get(0), arrays[0], files.get(1), arrays[1]);
    Split test = split(files.get(2), arrays[2], files.get(3), arrays[3]);
    return new Mnist(dir, train, test);
  }

  /** The four files in {@link #FILES} order; the uncompressed name is accepted unless verifying. */
  private static List<Path> locate(Path dir, boolean verifying, String fix) {
    List<Path> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String name : FILES) {
      Path gz = dir.resolve(name);
      Path raw = dir.resolve(name.substring(0, name.length() - GZ.length()));
      if (Files.isRegularFile(gz)) {
        found.add(gz);
      } else if (!verifying && Files.isRegularFile(raw)) {
        found.add(raw);
      } else {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new LearnoptException(
          dir
              + ": missing "
              + String.join(", ", missing)
              + "; an MNIST directory needs all four of "
              + requiredFiles()
              + (verifying ? "" : " (gzipped or not)")
              + "; "
              + fix);
    }
    return found;
  }

  /** Checks one split's images against its labels and converts both. */
  private static Split split(Path imagesFile, IdxArray images, Path labelsFile, IdxArray labels) {
    int[] dims = images.dims();
    if (dims[1] != ROWS || dims[2] != COLUMNS) {
      throw new LearnoptException(
          imagesFile
              + ": images are "
              + dims[1]
              + " × "
              + dims[2]
              + " pixels, but MNIST images are "
              + ROWS
              + " × "
              + COLUMNS
              + "; is this the right file?");
    }
    int n = dims[0];
    int labelCount = labels.dims()[0];
    if (labelCount != n) {
      throw new LearnoptException(
          labelsFile
              + ": has "
              + labelCount
              + " labels but "
              + imagesFile
              + " has "
              + n
              + " images; the two files of a split must match — restore or download both again");
    }
    byte[] labelBytes = labels.data();
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = labelBytes[i] & 0xff;
      if (y[i] >= CLASSES) {
        throw new LearnoptException(
            labelsFile
                + ": label "
                + i
                + " is "
                + y[i]
                + ", outside the digits 0..9; the file is corrupt — restore or download it again");
      }
    }
    byte[] pixels = images.data();
    float[] x = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      x[i] = SCALE[pixels[i] & 0xff];
    }
    return new Split(x, y, PIXELS);
  }

  private static String requiredFiles() {
    return String.join(", ", FILES);
  }
}
