package io.learnopt.data;

import java.nio.file.Path;

/**
 * A labelled image dataset with a training and a test split, such as MNIST or CIFAR-10: each image
 * is {@code channels × side × side} floats in [0, 1], channel-major, one row of its {@link Split}.
 * Problems that train networks on images take any of them, so a protocol does not depend on which
 * data set it runs on.
 */
public interface ImageDataset {
  /** The directory the data was read from. */
  Path directory();

  /** The training split. */
  Split train();

  /** The test split. */
  Split test();

  /** Colour channels per image: 1 for MNIST, 3 for CIFAR-10. */
  int channels();

  /** Image height and width in pixels. */
  int side();

  /** Number of classes; labels are 0 .. classes − 1. */
  int classes();

  /**
   * The dataset in {@code directory}: CIFAR-10's binary distribution if it has its files, else
   * MNIST's four files.
   */
  static ImageDataset load(Path directory) {
    if (Cifar10.isCifar10(directory)) {
      return Cifar10.load(directory);
    }
    boolean anyMnist =
        Mnist.FILES.stream()
            .anyMatch(
                name ->
                    java.nio.file.Files.exists(directory.resolve(name))
                        || java.nio.file.Files.exists(
                            directory.resolve(name.replaceFirst("\\.gz$", ""))));
    if (!anyMnist) {
      throw new io.learnopt.LearnoptException(
          directory
              + (java.nio.file.Files.isDirectory(directory)
                  ? ": holds neither MNIST's files nor CIFAR-10's"
                  : ": no such directory")
              + "; pass a directory with MNIST's four IDX files ("
              + String.join(", ", Mnist.FILES)
              + ") or CIFAR-10's binary files ("
              + String.join(", ", Cifar10.TRAIN_FILES)
              + ", "
              + Cifar10.TEST_FILE
              + ")");
    }
    return Mnist.load(directory);
  }
}
