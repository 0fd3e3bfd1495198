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
    return Cifar10.isCifar10(directory) ? Cifar10.load(directory) : Mnist.load(directory);
  }
}
