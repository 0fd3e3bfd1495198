package io.learnopt.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data DIR} option of every command that may read MNIST. */
final class DataOption {
  @Option(
      names = "--data",
      description =
          "Directory with the four MNIST IDX files (standard names, gzip or raw) for"
              + " mnist-mlp and cifar-conv, or CIFAR-10's binary files (data_batch_1.bin ..."
              + " test_batch.bin) for cifar-conv, or content/ and style/ image directories for"
              + " neural-art; a SHA256SUMS there is verified (default: the checksum-verified"
              + " copies in data/).")
  Path dir;
}
