package io.learnopt.data;

import io.learnopt.FileBytes;
import io.learnopt.LearnoptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 (Krizhevsky 2009) in its binary distribution ({@code cifar-10-batches-bin}): 50,000
 * training images in {@code data_batch_1.bin} … {@code data_batch_5.bin} and 10,000 test images in
 * {@code test_batch.bin}, 32 × 32 colour pixels, labelled 0..9.
 *
 * <p>Each file is a sequence of 3,073-byte records: the label, then the 1,024 red, the 1,024 green
 * and the 1,024 blue bytes of the image, each plane row-major. Images become float32 byte/255 in
 * [0, 1] in that same channel-major order ({@code [N × 3 × 32 × 32]}, the layout convolutions
 * read), one {@link Split} per set.
 *
 * <p>Every file's size is checked before it is parsed (a whole number of records, at least one),
 * and every label must be 0..9; a {@code SHA256SUMS} file in the directory is verified ({@link
 * DatasetCache}). The Python and MATLAB distributions, which hold the same images in other formats,
 * are recognised and named in the error. Loaded datasets are cached per directory for the life of
 * the JVM.
 */
public final class Cifar10 implements ImageDataset {
  /** Image side in pixels. */
  public static final int SIDE = 32;

  /** Colour channels: red, green, blue. */
  public static final int CHANNELS = 3;

  /** Values per image, the length of one row of {@link Split#images()}. */
  public static final int PIXELS = CHANNELS * SIDE * SIDE;

  /** Bytes per record: the label, then the pixels. */
  public static final int RECORD_BYTES = 1 + PIXELS;

  /** Number of classes. */
  public static final int CLASSES = 10;

  /** The training files, in the order their images are concatenated. */
  public static final List<String> TRAIN_FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");

  /** The test file. */
  public static final String TEST_FILE = "test_batch.bin";

  private static final DatasetCache<Cifar10> CACHE =
      new DatasetCache<>(Path.of("data", "cifar10"), Cifar10::read);

  private final Path directory;
  private final Split train;
  private final Split test;

  private Cifar10(Path directory, Split train, Split test) {
    this.directory = directory;
    this.train = train;
    this.test = test;
  }

  /**
   * The six files of the binary distribution in {@code directory} (the extracted {@code
   * cifar-10-batches-bin}).
   *
   * @throws LearnoptException naming the directory and the missing files, or the file and the
   *     problem if one is truncated or not in the binary format
   */
  public static Cifar10 load(Path directory) {
    return CACHE.load(
        directory,
        "pass the extracted cifar-10-batches-bin directory",
        "download the binary version (cifar-10-binary.tar.gz) and pass its extracted directory");
  }

  /** Whether {@code directory} looks like CIFAR-10's binary distribution (has its first file). */
  public static boolean isCifar10(Path directory) {
    return Files.isRegularFile(directory.resolve(TRAIN_FILES.get(0)))
        || Files.isRegularFile(directory.resolve(TEST_FILE));
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public Split train() {
    return train;
  }

  @Override
  public Split test() {
    return test;
  }

  @Override
  public int channels() {
    return CHANNELS;
  }

  @Override
  public int side() {
    return SIDE;
  }

  @Override
  public int classes() {
    return CLASSES;
  }

  private static Cifar10 read(Path dir, Sha256Sums sums, String fix) {
    List<String> missing = new ArrayList<>();
    List<String> all = new ArrayList<>(TRAIN_FILES);
    all.add(TEST_FILE);
    for (String name : all) {
      if (!Files.isRegularFile(dir.resolve(name))) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      boolean python = Files.isRegularFile(dir.resolve("data_batch_1"));
      boolean matlab = Files.isRegularFile(dir.resolve("data_batch_1.mat"));
      throw new LearnoptException(
          dir
              + ": missing "
              + String.join(", ", missing)
              + "; CIFAR-10's binary distribution has "
              + String.join(", ", all)
              + (python
                  ? " (this looks like the Python version, whose pickled batches learnopt does not"
                      + " read)"
                  : matlab ? " (this looks like the MATLAB version)" : "")
              + "; "
              + fix);
    }
    List<byte[]> trainFiles = new ArrayList<>();
    for (String name : TRAIN_FILES) {
      trainFiles.add(checked(dir.resolve(name), sums));
    }
    Split train = split(dir, TRAIN_FILES, trainFiles);
    Split test = split(dir, List.of(TEST_FILE), List.of(checked(dir.resolve(TEST_FILE), sums)));
    return new Cifar10(dir, train, test);
  }

  /** The bytes of {@code file}, verified and checked to be whole records. */
  private static byte[] checked(Path file, Sha256Sums sums) {
    long size;
    try {
      size = Files.size(file);
    } catch (java.io.IOException e) {
      throw new LearnoptException(file + ": cannot read its size: " + e.getMessage(), e);
    }
    if (size == 0 || size % RECORD_BYTES != 0 || size > Integer.MAX_VALUE - 8) {
      throw new LearnoptException(
          file
              + ": "
              + size
              + " bytes is not a whole number of "
              + RECORD_BYTES
              + "-byte CIFAR-10 records (a full batch is 10,000 records, 30,730,000 bytes)"
              + (size % RECORD_BYTES != 0 && size > RECORD_BYTES
                  ? "; the file is truncated or not the binary version"
                  : "")
              + " — download the binary version again");
    }
    byte[] bytes = FileBytes.read(file);
    if (sums != null) {
      sums.verify(file, bytes);
    }
    return bytes;
  }

  /** Concatenates the records of {@code contents} (the files {@code names}) into one split. */
  private static Split split(Path dir, List<String> names, List<byte[]> contents) {
    int n = 0;
    for (byte[] bytes : contents) {
      n += bytes.length / RECORD_BYTES;
    }
    float[] images = new float[Math.multiplyExact(n, PIXELS)];
    int[] labels = new int[n];
    int i = 0;
    for (int f = 0; f < contents.size(); f++) {
      byte[] bytes = contents.get(f);
      for (int r = 0; r < bytes.length / RECORD_BYTES; r++, i++) {
        int at = r * RECORD_BYTES;
        labels[i] = bytes[at] & 0xff;
        if (labels[i] >= CLASSES) {
          throw new LearnoptException(
              dir.resolve(names.get(f))
                  + ": record "
                  + r
                  + " has label "
                  + labels[i]
                  + ", outside CIFAR-10's classes 0..9; the file is corrupt or not CIFAR-10's"
                  + " binary version (CIFAR-100's records have two label bytes)");
        }
        for (int p = 0; p < PIXELS; p++) {
          images[i * PIXELS + p] = (bytes[at + 1 + p] & 0xff) / 255f;
        }
      }
    }
    return new Split(images, labels, PIXELS);
  }
}
