package io.learnopt.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data DIR} option of every command that may read MNIST. */
final class DataOption {
  @Option(
      names = "--data",
      description =
          "Directory with the four MNIST IDX files (standard names, gzip or raw) for"
              + " mnist-* problems (default: the checksum-verified copy in data/mnist).")
  Path dir;
}
